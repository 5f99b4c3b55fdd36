package org.numreg.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitTest {

    @Test
    void eachKindOfAnswerHasItsExitStatus() {
        assertThat(Exit.forStatus(200)).isEqualTo(Exit.OK);
        assertThat(Exit.forStatus(400)).isEqualTo(Exit.BAD_INPUT);
        assertThat(Exit.forStatus(401)).isEqualTo(Exit.FORBIDDEN);
        assertThat(Exit.forStatus(403)).isEqualTo(Exit.FORBIDDEN);
        assertThat(Exit.forStatus(404)).isEqualTo(Exit.NOT_FOUND);
        assertThat(Exit.forStatus(409)).isEqualTo(Exit.REFUSED);
        assertThat(Exit.forStatus(422)).isEqualTo(Exit.REFUSED);
        assertThat(Exit.forStatus(429)).isEqualTo(Exit.REFUSED);
        assertThat(Exit.forStatus(503)).isEqualTo(Exit.UNAVAILABLE);
    }

    @Test
    void aProblemIsOneLineWithTitleReasonAndDetail() {
        Problem problem = new Problem(409, Json.parse("""
                {"type":"about:blank","title":"Conflict","status":409,"reason":"NUMBER_TAKEN",
                 "detail":"+12125550100 is allocated\\nalready"}""".getBytes()), "POST /v1/numbers");
        assertThat(problem.getMessage()).isEqualTo("409 Conflict (NUMBER_TAKEN): +12125550100 is allocated already");
        assertThat(problem.exitCode()).isEqualTo(Exit.REFUSED);
        assertThat(new Problem(409, Json.parse("{\"title\":\"NUMBER_TAKEN\",\"reason\":\"NUMBER_TAKEN\"}".getBytes()), "x")
                .getMessage()).isEqualTo("409 NUMBER_TAKEN");
        assertThat(new Problem(401, Json.parse("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}"
                .getBytes()), "token").getMessage()).isEqualTo("401 invalid_grant: Invalid user credentials");
        assertThat(new Problem(502, Json.parse("<html>".getBytes()), "GET http://x/v1").getMessage())
                .isEqualTo("502: GET http://x/v1");
    }
}
