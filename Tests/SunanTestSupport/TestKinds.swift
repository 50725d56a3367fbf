import Testing

/// What a test's expectation rests on, so that the suite can be counted by kind (issue 15).
///
/// A suite carries the kind of most of its tests (`@Suite("…", .tags(.specification))`) and a test of
/// another kind carries its own (`@Test("…", .tags(.regression))`): **the nearest kind tag is the
/// test's kind**. (Swift Testing itself reports a test's tags together with its suite's, so a test with
/// its own kind shows both there.) `scripts/count_test_kinds.py` counts the tests of each kind and exits
/// with status 1 when a test has no kind or one level carries two.
extension Tag {
    /// **Reference**: checked against values obtained independently of this code: other software (numpy,
    /// statsmodels, mpmath), certified data (NIST StRD), a closed form or a value worked out by hand, or the
    /// known parameters that generated synthetic data. A bug in sunan cannot also move the expectation.
    @Tag public static var reference: Self

    /// **Specification**: the behaviour the design states, written into the test by hand: what is accepted
    /// or refused, exit statuses, errors naming file, line and problem, which files, columns, words and
    /// languages appear. The expectation is independent of the code but is a rule, not a computed number.
    @Tag public static var specification: Self

    /// **Regression**: checked against output recorded from this code or from a port of it (the golden
    /// files under `Tests/Golden`, the Python prototype's values): it catches a change, not an error that
    /// was there when the values were recorded.
    @Tag public static var regression: Self

    /// **Invariant**: a relation the outputs must satisfy whatever their values: monotone in investment,
    /// the zone equals the sum of its members, a round trip returns its input, the same seed gives the
    /// same bytes, an interval contains its median.
    @Tag public static var invariant: Self
}
