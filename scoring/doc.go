// Package scoring holds portalscan's practice catalogue (a focus-area maturity model for
// developer portals) and turns detector findings into an assessment: a status per
// practice, scores and maturity stages per enabler, focus area and overall, lens and
// persona scores, and a prioritised roadmap of gaps.
//
// # Catalogue
//
// The catalogue is the embedded file catalogue.yaml: 6 focus areas, 24 enablers and 164
// practices (ids are the project's stable practice ids), plus the lenses and personas
// practices are tagged with. Load parses it, attaches to every practice the detectors of
// the registry (detectors.All) whose Doc().Practices list its id, and validates the whole.
// A detector that declares an unknown practice id makes Load fail, so importing all detector
// packages and calling Load in a test catches typos in detector declarations.
//
// Practice weights (1..3) follow one rule, documented in the YAML header: 3 for the practices
// the seed assessment stresses (public docs, pricing, sign-up, quickstart, authentication
// guide, status page, changelog, error catalogue, spec download, API terms, sandbox), 2 for
// every other foundational practice, 1 for developing and advanced practices.
//
// # Practice status
//
// Findings are expected one per practice (the detector engine merges them). If several
// findings name the same practice anyway, the strongest status wins (met > partial >
// not_met > not_observable) and evidence of equal-status findings is combined. Findings for
// ids the catalogue does not know, and findings with an unknown status, are ignored and
// reported in Assessment.Warnings.
//
// For each catalogue practice, in this order:
//
//   - the practice does not apply to the portal kind (Options.Kind, "interface" by
//     default; see Practice.AppliesTo): not_applicable, whatever the findings say (their
//     evidence is kept for reference);
//   - a finding exists: its status, reason, evidence, detector and note;
//   - no finding and mode manual: not_observable, reason "manual";
//   - no finding and no detector feeds the practice: not_observable, reason "no_detector";
//   - no finding although a detector feeds it: not_met (the detector looked and found
//     nothing worth reporting).
//
// A practice is "gated" when any of its evidence sits behind a login wall.
//
// # Scores
//
// Practice values: met = 1, partial = 0.5, not_met = 0. Practices that are not_observable or
// not_applicable are left out of every denominator.
//
//   - Enabler score: weighted mean (by practice weight) of its observable practices' values.
//   - Focus-area score: unweighted mean of its enablers' scores, skipping enablers whose
//     score is null.
//   - Overall score: unweighted mean of the focus-area scores, skipping null ones.
//   - Lens and persona scores: weighted mean, as for an enabler, over every practice tagged
//     with the lens or persona.
//
// Scores are reported on 0..100, rounded to one decimal, and are null (never NaN) when
// nothing was observable. Means are computed from unrounded values; only the reported
// numbers are rounded.
//
// Coverage is the share (0..1, rounded to three decimals) of applicable practices that are
// observable (met, partial or not_met); at every level (enabler, focus area, overall, lens,
// persona) it is computed over the practices themselves, not averaged. Observed and Total
// are the two counts behind it. Coverage is 0 when nothing applies.
//
// # Stages
//
// An enabler's stage follows the focus-area-maturity-model gate. Let "points" count a met
// practice as 1 and a partial one as 0.5. Stages are checked in order foundational,
// developing, advanced; a stage is reached when its lower stages are reached and the
// enabler's applicable observable practices at that stage and below score at least 80%
// (points / count >= 0.8). If there is no observable practice at that stage and below, the
// stage is reached exactly when the lower ones are (vacuously for foundational). The stage
// is the highest one reached, or "initial" when not even foundational is.
//
// The stage is only judged when the enabler's coverage is at least 50%; otherwise it is
// "insufficient_evidence". An enabler with no practice applicable to the portal kind has
// stage "not_applicable". StageReason says why in words; NextPractices lists the practices
// of the first stage not reached whose status is not_met or partial (empty once advanced is
// reached or when the stage could not be judged).
//
// A focus area's stage, and the overall Assessment.Stage, is the lowest stage reached among
// its (all) enablers with sufficient evidence (order initial < foundational < developing <
// advanced); "insufficient_evidence" when no enabler had enough, "not_applicable" when no
// enabler applies at all.
//
// # Roadmap
//
// Every applicable practice whose status is not_met or partial is a gap. Priorities:
//
//   - P1: foundational gaps in the discovery, decision and onboarding focus areas (they
//     block evaluation and revenue), and every gap whose evidence is gated (decision
//     information hidden behind a login);
//   - P2: other foundational gaps and all developing gaps;
//   - P3: advanced gaps.
//
// Items are sorted by priority, then weight (highest first), then not_met before partial,
// then catalogue order.
package scoring
