//! The atomic unit of a decision: a guarded batch. The guard is one write whose `RETURNING`
//! rows say whether it matched; every step that must happen only if it did says so with the
//! token `{applied}`. A batch is a program D1 can run too, since D1 has no interactive
//! transactions: the guard, a mark written only if it changed rows, the steps testing the
//! mark, and the mark's removal.

use crate::{placeholders, row::Row, stmt::Stmt, value::Value, DbError};

/// The token a step writes where its condition "the guard matched" goes.
pub const APPLIED: &str = "{applied}";

/// Statements run as one unit: all of them, or none.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub(crate) guard: Option<Stmt>,
    pub(crate) steps: Vec<Stmt>,
}

impl Batch {
    /// A batch whose steps all run, atomically.
    pub fn new() -> Self {
        Self::default()
    }

    /// A batch decided by `guard`: a write with `RETURNING`, matching no row when the
    /// decision no longer applies (e.g. `… WHERE id = ?1 AND status = ?2 RETURNING email`).
    pub fn guarded(guard: Stmt) -> Self {
        Self {
            guard: Some(guard),
            steps: Vec::new(),
        }
    }

    /// Adds a step. Steps holding `{applied}` take effect only if the guard matched (in a
    /// batch without a guard, `{applied}` always holds).
    pub fn then(mut self, step: Stmt) -> Self {
        self.steps.push(step);
        self
    }

    /// Adds a step in place, for batches built in a loop.
    pub fn push(&mut self, step: Stmt) -> &mut Self {
        self.steps.push(step);
        self
    }
}

/// What a batch did.
#[derive(Debug)]
pub struct Outcome {
    /// False when the guard matched no row; then no conditional step changed anything.
    pub applied: bool,
    /// The guard's `RETURNING` rows.
    pub guard: Vec<Row>,
    /// Rows each step changed, in order.
    pub changed: Vec<u64>,
}

impl Outcome {
    /// The guard's first returned row, if it matched.
    pub fn guard_row(&self) -> Option<&Row> {
        self.guard.first()
    }
}

/// Refuses a batch whose statements the drivers would run wrongly: a step holding
/// `{applied}` must number its placeholders (`{applied}` becomes one more), and every
/// statement must have one argument per placeholder. Checked before anything runs.
pub(crate) fn validate(batch: &Batch) -> Result<(), DbError> {
    for stmt in batch.guard.iter().chain(&batch.steps) {
        if stmt.sql.contains(APPLIED) && placeholders::has_bare(&stmt.sql) {
            return Err(DbError::Statement(format!(
                "a step with {APPLIED} numbers its placeholders (?1, ?2): {}",
                stmt.sql
            )));
        }
        let wanted = placeholders::highest(&stmt.sql);
        if stmt.args.len() != wanted {
            return Err(DbError::Statement(format!(
                "{} arguments for {wanted} placeholders: {}",
                stmt.args.len(),
                stmt.sql
            )));
        }
    }
    Ok(())
}

/// The statement sequence SQLite and D1 run for a batch marked by `op`: the guard, a mark
/// written only if the guard changed rows, the steps (their `{applied}` testing the mark),
/// and the mark's removal. The mark lives only inside the unit, so nothing of it remains.
pub(crate) fn marked_program(batch: &Batch, op: &str) -> Vec<Stmt> {
    let mut program = Vec::with_capacity(batch.steps.len() + 3);
    if let Some(guard) = &batch.guard {
        program.push(guard.clone());
        program.push(
            Stmt::new("INSERT INTO batch_applied (op) SELECT ?1 WHERE changes() > 0").bind(op),
        );
    }
    for step in &batch.steps {
        program.push(if batch.guard.is_none() {
            // Without a guard there is nothing to wait for: `{applied}` holds.
            decided_step(step, true).expect("a decided step always runs when applied")
        } else if step.sql.contains(APPLIED) {
            let number = placeholders::highest(&step.sql) + 1;
            let mut args = step.args.clone();
            args.push(Value::Text(op.to_owned()));
            Stmt {
                sql: step
                    .sql
                    .replace(
                        APPLIED,
                        &format!("EXISTS (SELECT 1 FROM batch_applied WHERE op = ?{number})"),
                    )
                    .into(),
                args,
            }
        } else {
            step.clone()
        });
    }
    if batch.guard.is_some() {
        program.push(Stmt::new("DELETE FROM batch_applied WHERE op = ?1").bind(op));
    }
    program
}

/// A step as a backend with interactive transactions runs it once it knows whether the guard
/// matched: `None` when the step is conditional and the guard did not match.
pub(crate) fn decided_step(step: &Stmt, applied: bool) -> Option<Stmt> {
    if !step.sql.contains(APPLIED) {
        return Some(step.clone());
    }
    applied.then(|| Stmt {
        sql: step.sql.replace(APPLIED, "TRUE").into(),
        args: step.args.clone(),
    })
}

/// The table holding a guard's mark while its batch runs (empty between batches). D1 has it
/// from its migrations.
#[cfg(feature = "sqlite")]
pub(crate) const MARK_TABLE: &str = "CREATE TABLE IF NOT EXISTS batch_applied (op TEXT NOT NULL)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditional_steps_test_the_guard_mark_with_their_own_next_parameter() {
        let batch = Batch::guarded(
            Stmt::new("UPDATE t SET s = ?2 WHERE id = ?1 AND s = ?3 RETURNING id")
                .bind("a")
                .bind("b")
                .bind("c"),
        )
        .then(Stmt::new("INSERT INTO log (what) SELECT ?1 WHERE {applied}").bind("x"))
        .then(Stmt::new("UPDATE counts SET n = n + 1"));
        let program = marked_program(&batch, "op1");
        assert_eq!(program.len(), 5);
        assert_eq!(
            program[2].sql(),
            "INSERT INTO log (what) SELECT ?1 WHERE EXISTS (SELECT 1 FROM batch_applied WHERE op = ?2)"
        );
        assert_eq!(program[2].args()[1], Value::Text("op1".into()));
        assert_eq!(program[3].sql(), "UPDATE counts SET n = n + 1");
        assert_eq!(program[4].sql(), "DELETE FROM batch_applied WHERE op = ?1");
    }

    #[test]
    fn statements_the_drivers_would_misread_are_refused_before_anything_runs() {
        let bare = Batch::guarded(Stmt::new("DELETE FROM t WHERE id = ?1 RETURNING id").bind("a"))
            .then(Stmt::new("INSERT INTO log (what) SELECT ? WHERE {applied}").bind("x"));
        assert!(matches!(validate(&bare), Err(DbError::Statement(_))));
        let short = Batch::new().then(Stmt::new("UPDATE t SET a = ?1 WHERE b = ?2").bind(1_i64));
        assert!(matches!(validate(&short), Err(DbError::Statement(_))));
        let fine = Batch::guarded(Stmt::new("DELETE FROM t WHERE id = ?1 RETURNING id").bind("a"))
            .then(
                Stmt::new("INSERT INTO log (what, at) SELECT ?1, ?2 WHERE {applied} AND '?' <> ?1")
                    .bind("x")
                    .bind(2_i64),
            );
        assert!(validate(&fine).is_ok());
        assert!(!placeholders::has_bare(
            "SELECT ?12, ?3 FROM t WHERE a = '?'"
        ));
        assert!(placeholders::has_bare("SELECT ?1, ? FROM t"));
    }

    #[test]
    fn without_a_guard_every_step_applies() {
        let batch = Batch::new()
            .then(Stmt::new("INSERT INTO log (what) SELECT ?1 WHERE {applied}").bind("x"));
        let program = marked_program(&batch, "op1");
        assert_eq!(program.len(), 1);
        assert_eq!(
            program[0].sql(),
            "INSERT INTO log (what) SELECT ?1 WHERE TRUE"
        );
    }

    #[test]
    fn a_decided_step_runs_only_when_the_guard_matched() {
        let step = Stmt::new("DELETE FROM s WHERE d = ?1 AND {applied}").bind("a");
        assert_eq!(
            decided_step(&step, true).unwrap().sql(),
            "DELETE FROM s WHERE d = ?1 AND TRUE"
        );
        assert!(decided_step(&step, false).is_none());
        let always = Stmt::new("DELETE FROM s WHERE at < ?1").bind(1);
        assert!(decided_step(&always, false).is_some());
    }
}
