//! Issue 9, done-when 2: negated, limited and misattributed wording scores as the
//! analysts' conventions say. A negated benefit earns nothing; a negated restriction is no
//! restriction; "not … unless" is a condition; a raised standard is not the standard; a
//! duty of the prosecutor is not the survivor's burden; a list of exclusions is not the
//! offenses covered. Each phrasing is drafted the way statutes are (our own wording).

use redline::rubric;
use redline::statute;
use redline::text::Source;

/// A qualifying statute: relief for prostitution convictions of trafficking victims,
/// with no standard, hearing, time rule, presumption or confidentiality of its own.
const BASE: &str = "(a) A person convicted of prostitution may file a motion to vacate the conviction if the \
person's participation in the offense was a result of having been a victim of human trafficking.\n\
(b) The motion shall be in writing.\n";

/// Scores `text` and returns the points of category `id`, and its confidence.
fn points(text: &str, id: &str) -> (String, String) {
    let doc = statute::parse(Source::from_text("<case>", text)).unwrap();
    let r = rubric::builtin(rubric::DEFAULT_RUBRIC).unwrap().unwrap();
    let card = rubric::score(&doc, &r).remove(0);
    assert!(card.applies.is_some(), "the case must be trafficking-specific relief: {text}");
    let c = card.categories.iter().find(|c| c.id == id).unwrap();
    (c.points.to_string(), c.confidence().as_str().to_string())
}

struct Case {
    /// What is added to the base (or, with `own_base`, the whole text).
    text: &'static str,
    own_base: bool,
    category: &'static str,
    points: &'static str,
    why: &'static str,
}

const CASES: &[Case] = &[
    Case {
        text: "(c) The application shall not be confidential and shall not be filed under seal.",
        own_base: false,
        category: "confidentiality",
        points: "0",
        why: "a negated benefit earns nothing",
    },
    Case {
        text: "(c) Nothing in this section shall require that the application be filed under seal.",
        own_base: false,
        category: "confidentiality",
        points: "0",
        why: "nothing … shall require: no provision for filing under seal",
    },
    Case {
        text: "(c) No motion filed under this section shall be confidential.",
        own_base: false,
        category: "confidentiality",
        points: "0",
        why: "no … shall negates the benefit",
    },
    Case {
        text: "(c) All pleadings and records filed under this section shall be confidential.",
        own_base: false,
        category: "confidentiality",
        points: "5",
        why: "the control case: the benefit stated plainly",
    },
    Case {
        text: "(c) Official documentation of the person's status as a victim shall not create a presumption that the person's participation in the offense was a result of trafficking.",
        own_base: false,
        category: "official_documentation",
        points: "0",
        why: "documentation that shall not create a presumption earns nothing",
    },
    Case {
        text: "(c) The court shall grant the motion if the person proves by more than a preponderance of the evidence that the person was a victim of human trafficking.",
        own_base: false,
        category: "burden_of_proof",
        points: "0",
        why: "a comparison raises the standard: it is not the preponderance standard",
    },
    Case {
        text: "(c) The person need not prove by clear and convincing evidence that the person was a victim of human trafficking.",
        own_base: false,
        category: "burden_of_proof",
        points: "0",
        why: "a standard the statute says is not required is no standard",
    },
    Case {
        text: "(c) Within 30 days after service of the motion, the prosecutor shall file a response to the motion.",
        own_base: false,
        category: "time_limits",
        points: "8",
        why: "the prosecutor's deadline binds the prosecutor, not the survivor",
    },
    Case {
        text: "(c) The district attorney's office that obtained the conviction must file a response within thirty-five days from receiving a copy of the motion.",
        own_base: false,
        category: "time_limits",
        points: "8",
        why: "a response deadline of the prosecution is no time limit on applying",
    },
    Case {
        text: "(c) A motion under this section must be filed within three years after the person ceased to be a victim.",
        own_base: false,
        category: "time_limits",
        points: "0",
        why: "the control case: the survivor's own deadline",
    },
    Case {
        text: "(c) There is no waiting period before a motion may be filed under this section.",
        own_base: false,
        category: "time_limits",
        points: "8",
        why: "a negated restriction is no restriction",
    },
    Case {
        text: "(c) The motion shall not be filed until two years after the conviction.",
        own_base: false,
        category: "time_limits",
        points: "0",
        why: "shall not … until is a waiting period",
    },
    Case {
        text: "(c) The prosecutor shall notify each victim of the offense that the motion was filed.",
        own_base: false,
        category: "additional_conditions",
        points: "2",
        why: "a duty of the prosecutor is not a condition on the survivor",
    },
    Case {
        text: "(c) Notice of the motion must be given or attempted to be given to any victims of the offense.",
        own_base: false,
        category: "additional_conditions",
        points: "2",
        why: "a notice duty in the passive voice is not a condition on the survivor",
    },
    Case {
        text: "(c) The person shall send notice of the motion by certified mail to any victim of the offense.",
        own_base: false,
        category: "additional_conditions",
        points: "0",
        why: "the control case: a duty on the applicant is a condition",
    },
    Case {
        text: "(c) A motion may not be filed unless the person has completed the sentence.",
        own_base: false,
        category: "additional_conditions",
        points: "0",
        why: "not … unless states a condition",
    },
    Case {
        text: "(c) A person need not have completed the sentence to file a motion under this section.",
        own_base: false,
        category: "additional_conditions",
        points: "2",
        why: "a negated restriction is no restriction",
    },
    Case {
        text: "(c) The motion need not be consented to by the prosecuting attorney.",
        own_base: false,
        category: "judicial_discretion",
        points: "5",
        why: "consent that is not required is no veto",
    },
    Case {
        text: "(c) The motion shall be consented to by the prosecuting attorney.",
        own_base: false,
        category: "judicial_discretion",
        points: "0",
        why: "the control case: the prosecutor's consent is a veto",
    },
    Case {
        text: "(c) The person need not show that the offense was a direct result of the trafficking.",
        own_base: false,
        category: "nexus",
        points: "10",
        why: "a stricter test the statute disclaims is not a requirement",
    },
    Case {
        text: "(a) A person convicted of any offense committed as a result of having been a victim of human trafficking may file a motion to vacate the conviction.\n(b) An applicant may not have a record of conviction vacated if:\n(1) The offense was a violent offense; or\n(2) The offense was promoting prostitution.\n",
        own_base: true,
        category: "offenses_covered",
        points: "30",
        why: "the items of a list of exclusions are not the offenses covered (the grant is any offense)",
    },
    Case {
        text: "(a) A person convicted of any offense, except a violent felony, committed as a result of having been a victim of human trafficking may file a motion to vacate the conviction.\n",
        own_base: true,
        category: "offenses_covered",
        points: "17",
        why: "any offense except the violent ones is misdemeanors and nonviolent felonies",
    },
    Case {
        text: "(a) A person convicted of any offense committed as a result of having been a victim of human trafficking may file a motion to vacate the conviction.\n(b) This section does not apply to any offense listed in section 12-301.\n",
        own_base: true,
        category: "offenses_covered",
        points: "23",
        why: "an exclusion list elsewhere in the section limits any offense",
    },
    Case {
        text: "(a) A person who was a victim of human trafficking may petition the court for relief from a conviction for prostitution.\n(b) The court shall not vacate the conviction, but may order the records of the conviction sealed.\n",
        own_base: true,
        category: "range_of_relief",
        points: "4",
        why: "a negated vacatur is no vacatur; the sealing counts",
    },
    // A negation in a relative clause says what the noun is; the sentence's own verb,
    // after it, still grants the relief (Tex. S.B. 1165 (2017), art. 42.13(a): "an
    // offense that is not a crime of violence … may … set aside").
    Case {
        text: "A person convicted of an offense that is not a violent felony may file a motion to vacate the conviction if the person's participation in the offense was a result of having been a victim of human trafficking.",
        own_base: true,
        category: "offenses_covered",
        points: "17",
        why: "\"an offense that is not a violent felony\" names the offenses; the motion is granted",
    },
    Case {
        text: "A person who is not a trafficker may file a motion to vacate a conviction for prostitution if the person's participation in the offense was a result of having been a victim of human trafficking.",
        own_base: true,
        category: "range_of_relief",
        points: "8",
        why: "\"who is not a trafficker\" describes the person; vacatur is granted",
    },
    Case {
        text: "A person convicted of prostitution, which is not a violent offense, may file a motion to vacate the conviction if the person's participation in the offense was a result of having been a victim of human trafficking.",
        own_base: true,
        category: "range_of_relief",
        points: "8",
        why: "an appositive relative clause does not negate the grant",
    },
    Case {
        text: "(c) The records of a motion that is not granted shall not be sealed.",
        own_base: false,
        category: "confidentiality",
        points: "0",
        why: "the main clause's own \"shall not\" still negates, after a relative clause's \"not\"",
    },
    Case {
        text: "(c) The records of a motion that is not granted shall be sealed.",
        own_base: false,
        category: "confidentiality",
        points: "5",
        why: "the relative clause's \"not\" does not negate the sealing",
    },
];

#[test]
fn negated_limited_and_misattributed_wording() {
    let mut failures = Vec::new();
    for case in CASES {
        let text = if case.own_base { case.text.to_string() } else { format!("{BASE}{}\n", case.text) };
        let (got, confidence) = points(&text, case.category);
        if got != case.points {
            failures.push(format!(
                "{} expected {} ({}), scored {got} ({confidence}): {}",
                case.category, case.points, case.why, case.text
            ));
        }
    }
    assert!(CASES.len() >= 15);
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

/// A defeated match is kept, with the context that defeated it, and quoted whole.
#[test]
fn defeated_matches_are_reported_with_their_negation() {
    let text = format!("{BASE}(c) The application shall not be confidential.\n");
    let doc = statute::parse(Source::from_text("<case>", text)).unwrap();
    let r = rubric::builtin(rubric::DEFAULT_RUBRIC).unwrap().unwrap();
    let card = rubric::score(&doc, &r).remove(0);
    let c = card.categories.iter().find(|c| c.id == "confidentiality").unwrap();
    assert_eq!(c.points.to_string(), "0");
    let n = c.not_counted.first().expect("the defeated match is reported");
    assert_eq!(n.kind, "negation");
    assert!(n.evidence.quote.contains("shall not be confidential"), "{}", n.evidence.quote);
    assert!(c.note.as_deref().unwrap_or("").contains("shall not be confidential"), "{:?}", c.note);
}
