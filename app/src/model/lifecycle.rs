//! The developer lifecycle of SPEC §2: which admin action leads from which status where.

use serde::{Deserialize, Serialize};

use super::DeveloperStatus;

/// What an admin can do to a developer (or a developer's request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeveloperAction {
    Approve,
    Reject,
    Revoke,
    Delete,
}

impl DeveloperAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Reject => "reject",
            Self::Revoke => "revoke",
            Self::Delete => "delete",
        }
    }

    /// The button's name, as people and screen readers see it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Approve => "Approve",
            Self::Reject => "Reject",
            Self::Revoke => "Revoke",
            Self::Delete => "Delete",
        }
    }

    /// The confirmation shown after it succeeded.
    pub fn done(self) -> &'static str {
        match self {
            Self::Approve => "Developer approved",
            Self::Reject => "Developer rejected",
            Self::Revoke => "Developer revoked",
            Self::Delete => "Developer deleted",
        }
    }

    /// The actions a console offers for a developer in `status`.
    pub fn offered_for(status: DeveloperStatus, rejections_final: bool) -> &'static [Self] {
        match status {
            DeveloperStatus::Pending => &[Self::Approve, Self::Reject, Self::Delete],
            DeveloperStatus::Approved => &[Self::Revoke, Self::Delete],
            DeveloperStatus::Rejected if rejections_final => &[Self::Delete],
            DeveloperStatus::Rejected => &[Self::Approve, Self::Delete],
            DeveloperStatus::Revoked => &[Self::Approve, Self::Delete],
        }
    }
}

/// Where `action` takes a developer in `from`: `Ok(Some(status))`, `Ok(None)` when the
/// developer is deleted, or why the action is refused.
pub fn transition(
    from: DeveloperStatus,
    action: DeveloperAction,
    rejections_final: bool,
) -> Result<Option<DeveloperStatus>, &'static str> {
    use DeveloperAction as A;
    use DeveloperStatus as S;
    match (from, action) {
        (_, A::Delete) => Ok(None),
        (S::Pending | S::Revoked, A::Approve) => Ok(Some(S::Approved)),
        (S::Rejected, A::Approve) if rejections_final => Err(
            "Rejections are final: a rejected developer cannot be approved. Delete the request \
             so they can sign up again, or turn off \"Rejections are final\" in Settings.",
        ),
        (S::Rejected, A::Approve) => Ok(Some(S::Approved)),
        (S::Approved, A::Approve) => Err("This developer is approved already."),
        (S::Pending, A::Reject) => Ok(Some(S::Rejected)),
        (_, A::Reject) => Err("Only a pending request can be rejected."),
        (S::Approved, A::Revoke) => Ok(Some(S::Revoked)),
        (_, A::Revoke) => Err("Only an approved developer can be revoked."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeveloperAction as A;
    use DeveloperStatus as S;

    #[test]
    fn every_row_of_the_lifecycle_table() {
        assert_eq!(
            transition(S::Pending, A::Approve, true),
            Ok(Some(S::Approved))
        );
        assert_eq!(
            transition(S::Pending, A::Reject, true),
            Ok(Some(S::Rejected))
        );
        assert_eq!(transition(S::Pending, A::Delete, true), Ok(None));
        assert!(transition(S::Rejected, A::Approve, true).is_err());
        assert_eq!(
            transition(S::Rejected, A::Approve, false),
            Ok(Some(S::Approved))
        );
        assert_eq!(transition(S::Rejected, A::Delete, true), Ok(None));
        assert_eq!(
            transition(S::Approved, A::Revoke, true),
            Ok(Some(S::Revoked))
        );
        assert_eq!(
            transition(S::Revoked, A::Approve, true),
            Ok(Some(S::Approved))
        );
        assert_eq!(transition(S::Approved, A::Delete, true), Ok(None));
        assert_eq!(transition(S::Revoked, A::Delete, true), Ok(None));
    }

    #[test]
    fn actions_that_make_no_sense_are_refused() {
        assert!(transition(S::Approved, A::Approve, false).is_err());
        assert!(transition(S::Approved, A::Reject, false).is_err());
        assert!(transition(S::Pending, A::Revoke, false).is_err());
        assert!(transition(S::Rejected, A::Revoke, false).is_err());
    }

    #[test]
    fn the_console_offers_only_what_the_table_allows() {
        for status in [S::Pending, S::Approved, S::Rejected, S::Revoked] {
            for final_ in [true, false] {
                for action in DeveloperAction::offered_for(status, final_) {
                    assert!(
                        transition(status, *action, final_).is_ok(),
                        "{status:?} {action:?}"
                    );
                }
            }
        }
    }
}
