// Before the suite: most tests start right after sign-up, so the owner turns "Require email
// verification" off (the verification test turns it on for itself and back off).
import { request, type FullConfig } from '@playwright/test';
import { admin } from './playwright.config';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0].use.baseURL!;
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const signIn = await context.post('/api/sign_in', { form: { email: admin.email, password: admin.password, realm: 'console' } });
  if (!signIn.ok()) throw new Error(`owner sign-in failed: ${signIn.status()} ${await signIn.text()}`);
  const saved = await context.post('/api/save_portal_settings', {
    form: {
      'settings[auto_approve_developers]': 'false',
      'settings[rejections_final]': 'true',
      'settings[require_email_verification]': 'false',
      'settings[public_portal]': 'true',
      'settings[auto_approve_applications]': 'false',
      'settings[credential_types][key_auth]': 'true',
      'settings[credential_types][basic_auth]': 'true',
      'settings[credential_types][oauth2]': 'true',
      'settings[credential_types][hmac_auth]': 'true',
      'settings[credential_types][jwt]': 'true',
      'settings[max_credential_days]': '0',
    },
  });
  if (!saved.ok()) throw new Error(`saving settings failed: ${saved.status()} ${await saved.text()}`);
  await context.dispose();
}
