//! Promises that answer requests ("Önskar en skola … så lovar vi att …")
//! and coverage of a known whole ("erbjuda varje fjärdeklassare"): a count
//! out of another count.

use super::targets::Counted;
use crate::agreement::{Answers, Denominator, place_key};

/// Requests and how many of them were answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answered {
    /// Requests made (rows of a request type, or every row with a status).
    pub requests: f64,
    /// Requests answered; never more than the requests, since an answer
    /// without a logged request answers nothing the promise counts.
    pub answered: f64,
}

/// Counts requests and answers among `rows`, each row by its Antal.
pub fn answered(rows: &[Counted<'_>], answers: &Answers) -> Answered {
    let is = |text: Option<&str>, words: &[String]| {
        text.is_some_and(|t| {
            let t = place_key(t);
            words.iter().any(|w| place_key(w) == t)
        })
    };
    let sum = |keep: &dyn Fn(&Counted<'_>) -> bool| {
        rows.iter()
            .filter(|c| keep(c))
            .map(|c| c.value)
            .fold(0.0, |a, b| a + b)
    };
    let (requests, answered) = match answers {
        Answers::Types { requests, answers } => (
            sum(&|c| is(c.row.activity(), requests)),
            sum(&|c| is(c.row.activity(), answers)),
        ),
        Answers::Status { column, answered } => (
            sum(&|_| true),
            sum(&|c| {
                is(
                    c.row.extra_number(column).map(|e| e.text.as_str()),
                    answered,
                )
            }),
        ),
    };
    Answered {
        requests,
        answered: answered.min(requests),
    }
}

/// What a coverage target's count is out of: the number in the promise
/// file, or the column summed over the rows.
pub fn denominator(rows: &[Counted<'_>], of: &Denominator) -> f64 {
    match of {
        Denominator::Fixed(n) => *n,
        Denominator::Column(column) => rows
            .iter()
            .filter_map(|c| c.row.extra_number(column).and_then(|e| e.number))
            .filter(|x| x.is_finite() && *x >= 0.0)
            .fold(0.0, |a, b| a + b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::tests_support::{counted, with};

    #[test]
    fn eight_of_nine_requests_answered_by_activity_type() {
        let rows = [
            with("2023-02-01", "Önskemål om besök", 5, &[]),
            with("2023-03-01", "önskemål om besök", 4, &[]),
            with("2023-04-01", "Besök efter önskemål", 8, &[]),
            with("2023-04-02", "Trafikkontroll", 3, &[]),
        ];
        let a = answered(
            &counted(&rows),
            &Answers::Types {
                requests: vec!["Önskemål om besök".to_owned()],
                answers: vec!["Besök efter önskemål".to_owned()],
            },
        );
        assert_eq!(
            a,
            Answered {
                requests: 9.0,
                answered: 8.0
            }
        );
    }

    #[test]
    fn a_status_column_says_which_requests_were_answered() {
        let rows = [
            with("2023-02-01", "Önskemål", 1, &[("Status", "Besvarad")]),
            with("2023-02-02", "Önskemål", 1, &[("Status", "klar ")]),
            with("2023-02-03", "Önskemål", 1, &[("Status", "Väntar")]),
            with("2023-02-04", "Önskemål", 1, &[]),
        ];
        let a = answered(
            &counted(&rows),
            &Answers::Status {
                column: "status".to_owned(),
                answered: vec!["besvarad".to_owned(), "klar".to_owned()],
            },
        );
        assert_eq!(
            a,
            Answered {
                requests: 4.0,
                answered: 2.0
            }
        );
    }

    #[test]
    fn answers_beyond_the_requests_do_not_raise_the_share() {
        let rows = [
            with("2023-02-01", "Önskemål", 2, &[]),
            with("2023-02-02", "Svar", 3, &[]),
        ];
        let a = answered(
            &counted(&rows),
            &Answers::Types {
                requests: vec!["Önskemål".to_owned()],
                answers: vec!["Svar".to_owned()],
            },
        );
        assert_eq!(
            a,
            Answered {
                requests: 2.0,
                answered: 2.0
            }
        );
    }

    #[test]
    fn the_whole_is_a_number_or_a_column_summed() {
        let rows = [
            with("2023-02-01", "Klassbesök", 3, &[("Klasser", "4")]),
            with("2023-03-01", "Klassbesök", 2, &[("Klasser", "2")]),
        ];
        let c = counted(&rows);
        assert_eq!(denominator(&c, &Denominator::Fixed(32.0)), 32.0);
        assert_eq!(
            denominator(&c, &Denominator::Column("klasser".to_owned())),
            6.0
        );
    }
}
