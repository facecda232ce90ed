//! Plans: how much an application may call a service. A plan sets any of four limits —
//! requests per second and per minute (sliding windows), requests per UTC day and per UTC
//! month (calendar windows) — and one plan of a service may be its default, which every
//! registration without a plan of its own follows.

use serde::{Deserialize, Serialize};

use super::checkbox::checkbox;
use crate::error::{AppError, FieldError};

/// The most a limit may be: beyond it a limit is no limit.
pub const MAX_LIMIT: u64 = 1_000_000_000;

/// A window a limit counts requests in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitWindow {
    Second,
    Minute,
    Day,
    Month,
}

impl LimitWindow {
    pub const ALL: [LimitWindow; 4] = [Self::Second, Self::Minute, Self::Day, Self::Month];

    /// The name stored with counters and given to the policy in the `RateLimit` headers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Second => "second",
            Self::Minute => "minute",
            Self::Day => "day",
            Self::Month => "month",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == value)
    }

    /// The form field and its label.
    pub fn field(self) -> &'static str {
        match self {
            Self::Second => "per_second",
            Self::Minute => "per_minute",
            Self::Day => "per_day",
            Self::Month => "per_month",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Second => "Requests per second",
            Self::Minute => "Requests per minute",
            Self::Day => "Requests per day (UTC)",
            Self::Month => "Requests per month (UTC)",
        }
    }

    /// "1,000 per day".
    pub fn describe(self, limit: u64) -> String {
        format!("{} per {}", thousands(limit), self.as_str())
    }

    /// A rate (a sliding window) rather than a quota (a calendar window that resets).
    pub fn is_rate(self) -> bool {
        matches!(self, Self::Second | Self::Minute)
    }

    /// The start of the window `at` falls in (milliseconds since the epoch, UTC).
    pub fn start(self, at: i64) -> i64 {
        match self {
            Self::Second => at - at.rem_euclid(1000),
            Self::Minute => at - at.rem_euclid(60_000),
            Self::Day => at - at.rem_euclid(DAY_MS),
            Self::Month => {
                let (year, month, _) = civil_from_days(at.div_euclid(DAY_MS));
                days_from_civil(year, month, 1) * DAY_MS
            }
        }
    }

    /// The start of the window after the one starting at `start`.
    pub fn next(self, start: i64) -> i64 {
        match self {
            Self::Second => start + 1000,
            Self::Minute => start + 60_000,
            Self::Day => start + DAY_MS,
            Self::Month => {
                let (year, month, _) = civil_from_days(start.div_euclid(DAY_MS));
                let (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                days_from_civil(year, month, 1) * DAY_MS
            }
        }
    }

    /// The start of the window before the one starting at `start`.
    pub fn previous(self, start: i64) -> i64 {
        match self {
            Self::Month => Self::Month.start(start - 1),
            _ => start - (self.next(start) - start),
        }
    }
}

const DAY_MS: i64 = 86_400_000;

/// (year, month, day) of a day counted from 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day counted from 1970-01-01 of a date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "1,204".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The limits a plan sets; `None` is no limit in that window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    pub per_second: Option<u64>,
    pub per_minute: Option<u64>,
    pub per_day: Option<u64>,
    pub per_month: Option<u64>,
}

impl Limits {
    pub fn get(&self, window: LimitWindow) -> Option<u64> {
        match window {
            LimitWindow::Second => self.per_second,
            LimitWindow::Minute => self.per_minute,
            LimitWindow::Day => self.per_day,
            LimitWindow::Month => self.per_month,
        }
    }

    /// The windows that have a limit, shortest first.
    pub fn set(&self) -> impl Iterator<Item = (LimitWindow, u64)> + '_ {
        LimitWindow::ALL
            .into_iter()
            .filter_map(|w| self.get(w).map(|limit| (w, limit)))
    }

    pub fn is_unlimited(&self) -> bool {
        self.set().next().is_none()
    }

    /// "10 per second, 1,000 per day", or "No limit".
    pub fn describe(&self) -> String {
        if self.is_unlimited() {
            return "No limit".into();
        }
        self.set()
            .map(|(w, limit)| w.describe(limit))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A plan's name: 1 to 60 characters.
pub fn parse_plan_name(value: &str) -> Result<String, String> {
    let name = value.trim();
    if name.is_empty() {
        return Err("Give the plan a name, e.g. Free or Pro.".into());
    }
    if name.chars().count() > 60 {
        return Err("Keep the name to 60 characters or fewer.".into());
    }
    if name.chars().any(char::is_control) {
        return Err("A name cannot contain control characters.".into());
    }
    Ok(name.to_string())
}

/// A limit as typed: blank for none, else a whole number from 1 to [`MAX_LIMIT`].
pub fn parse_limit(value: &str) -> Result<Option<u64>, String> {
    let value = value.trim().replace([',', '_', ' '], "");
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<u64>() {
        Ok(0) => {
            Err("A limit of 0 would refuse every request; leave it blank for no limit.".into())
        }
        Ok(n) if n <= MAX_LIMIT => Ok(Some(n)),
        Ok(_) => Err(format!(
            "Keep a limit to {} or fewer.",
            thousands(MAX_LIMIT)
        )),
        Err(_) => Err("Give a whole number of requests, or leave it blank for no limit.".into()),
    }
}

/// The console's plan form as a browser posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanForm {
    /// Empty when adding a plan.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub service_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub per_second: String,
    #[serde(default)]
    pub per_minute: String,
    #[serde(default)]
    pub per_day: String,
    #[serde(default)]
    pub per_month: String,
    #[serde(default, deserialize_with = "checkbox")]
    pub is_default: bool,
}

/// A plan that passed every check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidPlan {
    pub name: String,
    pub limits: Limits,
    pub is_default: bool,
}

impl PlanForm {
    /// The plan, or every field's message.
    pub fn parse(&self) -> Result<ValidPlan, AppError> {
        let mut errors = Vec::new();
        let name = parse_plan_name(&self.name).map_err(|m| errors.push(("name", m)));
        let mut limit = |field: &'static str, value: &str| {
            parse_limit(value)
                .map_err(|m| errors.push((field, m)))
                .ok()
                .flatten()
        };
        let limits = Limits {
            per_second: limit("per_second", &self.per_second),
            per_minute: limit("per_minute", &self.per_minute),
            per_day: limit("per_day", &self.per_day),
            per_month: limit("per_month", &self.per_month),
        };
        if self.service_id.trim().is_empty() && self.id.is_empty() {
            errors.push(("service_id", "Choose the service the plan is for.".into()));
        }
        match name {
            Ok(name) if errors.is_empty() => Ok(ValidPlan {
                name,
                limits,
                is_default: self.is_default,
            }),
            _ => Err(AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, message)| FieldError {
                        field: field.into(),
                        message,
                    })
                    .collect(),
            )),
        }
    }
}

/// A plan as the console lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub service_id: String,
    pub service_name: String,
    pub name: String,
    pub limits: Limits,
    pub is_default: bool,
    /// Registrations that chose it (not those that follow it as the default).
    pub registrations: u64,
}

impl Plan {
    /// The form that edits it.
    pub fn form(&self) -> PlanForm {
        let text = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        PlanForm {
            id: self.id.clone(),
            service_id: self.service_id.clone(),
            name: self.name.clone(),
            per_second: text(self.limits.per_second),
            per_minute: text(self.limits.per_minute),
            per_day: text(self.limits.per_day),
            per_month: text(self.limits.per_month),
            is_default: self.is_default,
        }
    }
}

/// A service with its plans, for the console's Plans page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServicePlans {
    pub service_id: String,
    pub service_name: String,
    pub plans: Vec<Plan>,
    /// Every application's requests to the service per day, the last 14 days, oldest first.
    pub days: Vec<UsagePoint>,
}

/// A plan a registration may be given (a choice in a list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChoice {
    pub id: String,
    pub name: String,
    pub is_default: bool,
    /// "10 per second, 1,000 per day".
    pub summary: String,
}

/// How much of one limit is used in its current window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitUse {
    pub window: LimitWindow,
    pub used: u64,
    pub limit: u64,
}

impl LimitUse {
    /// "742 of 1,000 today".
    pub fn describe(&self) -> String {
        let when = match self.window {
            LimitWindow::Second => "in the last second",
            LimitWindow::Minute => "in the last minute",
            LimitWindow::Day => "today (UTC)",
            LimitWindow::Month => "this month (UTC)",
        };
        format!(
            "{} of {} {when}",
            thousands(self.used),
            thousands(self.limit)
        )
    }
}

/// One hour (or day) of gateway requests for an application and service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsagePoint {
    /// RFC 3339, UTC: the hour's or day's start.
    pub at: String,
    pub allowed: u64,
    pub refused: u64,
    pub over_limit: u64,
}

/// A registration's plan and what it has used, for the developer's application page and
/// the console.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanUsage {
    pub registration_id: String,
    pub service_id: String,
    pub service_name: String,
    /// The plan it follows; `None`: no limit.
    pub plan_name: Option<String>,
    /// Whether that plan is the service's default rather than one chosen for it.
    pub by_default: bool,
    pub limits: Limits,
    pub current: Vec<LimitUse>,
    /// The last 14 days, oldest first.
    pub days: Vec<UsagePoint>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_start_on_utc_boundaries() {
        // 2026-02-14T13:45:30.250Z
        let at = 1_771_076_730_250;
        assert_eq!(LimitWindow::Second.start(at), 1_771_076_730_000);
        assert_eq!(LimitWindow::Minute.start(at), 1_771_076_700_000);
        assert_eq!(LimitWindow::Day.start(at), 1_771_027_200_000);
        // 2026-02-01 and 2026-03-01 (28 days later), and January before it.
        let february = LimitWindow::Month.start(at);
        assert_eq!(february, 1_769_904_000_000);
        assert_eq!(LimitWindow::Month.next(february), february + 28 * DAY_MS);
        assert_eq!(
            LimitWindow::Month.previous(february),
            february - 31 * DAY_MS
        );
        assert_eq!(
            LimitWindow::Minute.previous(1_771_076_700_000),
            1_771_076_640_000
        );
        // December rolls into the next year.
        let december = days_from_civil(2026, 12, 1) * DAY_MS;
        assert_eq!(
            LimitWindow::Month.next(december),
            days_from_civil(2027, 1, 1) * DAY_MS
        );
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn limits_parse_as_whole_numbers_or_blank() {
        assert_eq!(parse_limit(""), Ok(None));
        assert_eq!(parse_limit(" 1,000 "), Ok(Some(1000)));
        assert!(parse_limit("0").is_err());
        assert!(parse_limit("-3").is_err());
        assert!(parse_limit("1.5").is_err());
        assert!(parse_limit("10000000000").is_err());
        let form = PlanForm {
            service_id: "s".into(),
            name: " Free ".into(),
            per_day: "1000".into(),
            ..Default::default()
        };
        let plan = form.parse().unwrap();
        assert_eq!(plan.name, "Free");
        assert_eq!(plan.limits.describe(), "1,000 per day");
        let bad = PlanForm {
            per_second: "x".into(),
            ..Default::default()
        };
        let Err(AppError::Invalid(errors)) = bad.parse() else {
            panic!("a bad form parses");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "per_second", "service_id"]);
    }
}
