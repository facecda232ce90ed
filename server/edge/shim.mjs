// The Worker's module: instantiates the Rust build (wasm-bindgen's `web` glue) and exports its
// fetch and scheduled handlers. A Rust panic aborts the WebAssembly instance; the panic hook
// (src/panic.rs) calls gatehousePanicked, which answers the requests under way with a 500, and
// the next event starts on a fresh instance, so one panic never leaves the isolate broken.
import * as gatehouse from './gatehouse_edge.js';
import module from './gatehouse_edge_bg.wasm';

gatehouse.initSync({ module });

let poisoned = false;
const inFlight = new Set();

globalThis.gatehousePanicked = (message) => {
  poisoned = true;
  for (const fail of inFlight) fail(message);
  inFlight.clear();
};

async function run(handler) {
  if (poisoned) {
    gatehouse.__wbg_reset_state();
    poisoned = false;
  }
  let fail;
  const panicked = new Promise((resolve) => { fail = resolve; }).then((message) => {
    console.error(`Gatehouse panicked: ${message}`);
    return new Response('Internal Server Error\n', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  });
  inFlight.add(fail);
  try {
    return await Promise.race([handler(), panicked]);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      poisoned = true;
      console.error('Gatehouse trapped:', error);
      return new Response('Internal Server Error\n', { status: 500 });
    }
    throw error;
  } finally {
    inFlight.delete(fail);
  }
}

export default {
  fetch: (request, env, ctx) => run(() => gatehouse.fetch(request, env, ctx)),
  scheduled: (event, env, ctx) => run(() => gatehouse.scheduled(event, env, ctx)),
};
