package org.numreg.console.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMapperTest {

    @Test
    void aRegistryRefusalLeadsWithItsMeaningThenTheServicesDetail() {
        ApiProblem taken = ProblemMapper.parse(409, "Conflict", """
                {"type":"about:blank","title":"Conflict","status":409,"detail":"+12125550100 is allocated to 0042",
                 "reason":"NUMBER_TAKEN","position":7}""");
        assertThat(taken.headline()).isEqualTo("Taken by another carrier a moment ago.");
        assertThat(taken.detail()).isEqualTo("+12125550100 is allocated to 0042");
        assertThat(taken.status()).isEqualTo(409);
    }

    @Test
    void aProblemWithoutAReasonIsNamedByItsType() {
        ApiProblem wrongPin = ProblemMapper.parse(403, "Forbidden", """
                {"type":"https://numreg.org/problems/wrong-pin","title":"Wrong PIN","status":403,
                 "detail":"wrong PIN (1 wrong for port so far)","channel":"port","failures":1}""");
        assertThat(wrongPin.reason()).isEqualTo("WRONG_PIN");
        assertThat(wrongPin.headline()).isEqualTo("Wrong PIN.");
    }

    @Test
    void fieldErrorsAreKeptAndAnUnknownRefusalFallsBackToItsStatus() {
        ApiProblem invalid = ProblemMapper.parse(400, "Bad Request", """
                {"title":"Bad Request","status":400,"errors":[{"field":"number","message":"not an E.164 number"}]}""");
        assertThat(invalid.headline()).isEqualTo("Please check what you entered.");
        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.get("field")).isEqualTo("number");
            assertThat(e.get("message")).isEqualTo("not an E.164 number");
        });
    }

    @Test
    void anAnswerThatIsNotJsonStillSaysWhatHappened() {
        ApiProblem gateway = ProblemMapper.parse(502, "Bad Gateway", "<html>upstream down</html>");
        assertThat(gateway.title()).isEqualTo("Bad Gateway");
        assertThat(gateway.headline()).isEqualTo("Bad Gateway");
    }
}
