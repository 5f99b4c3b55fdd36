package org.numreg.system;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.numreg.devinfra.KeycloakServer;
import org.numreg.devinfra.Realm;
import org.numreg.devinfra.TestInfra;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm operators import (realm/numreg-realm.json) on a real Keycloak: a user whose password
 * is guessed is locked out for a while, so that logins cannot be brute-forced.
 */
class KeycloakRealmIT {

    private final KeycloakServer keycloak = TestInfra.shared().keycloak();
    private final String user = "guessed-" + System.nanoTime();
    private String userId;

    @AfterEach
    void removeTheUser() {
        if (userId != null) {
            admin().delete("/admin/realms/" + Realm.NAME + "/users/" + userId).then().statusCode(204);
        }
    }

    @Test
    void repeatedWrongPasswordsLockTheUserOutEvenWithTheRightOne() {
        admin().body(Map.of("username", user, "enabled", true, "email", user + "@numreg.example",
                        "emailVerified", true, "firstName", "Guessed", "lastName", "User",
                        "credentials", List.of(Map.of("type", "password", "value", "right-password-1",
                                "temporary", false))))
                .post("/admin/realms/" + Realm.NAME + "/users").then().statusCode(201);
        userId = admin().queryParam("username", user).queryParam("exact", true)
                .get("/admin/realms/" + Realm.NAME + "/users").jsonPath().getString("[0].id");
        assertThat(login("right-password-1").statusCode()).as("the right password before any guess").isEqualTo(200);

        // Keycloak answers a failed password grant 400 or 401 with error invalid_grant (RFC 6749 §5.2).
        for (int guess = 1; guess <= 5; guess++) {
            Response wrong = login("guess-" + guess);
            assertThat(wrong.statusCode()).as("wrong password %d", guess).isBetween(400, 401);
            assertThat(wrong.jsonPath().getString("error")).isEqualTo("invalid_grant");
        }

        Response locked = login("right-password-1");
        assertThat(locked.statusCode()).as("the right password while locked out").isBetween(400, 401);
        assertThat(locked.jsonPath().getString("access_token")).isNull();
        Response detection = admin().get("/admin/realms/" + Realm.NAME + "/attack-detection/brute-force/users/" + userId);
        assertThat(detection.jsonPath().getBoolean("disabled")).as(detection.asString()).isTrue();
        // Failures less than a second apart lock at once (quick-login check), so fewer than five may count.
        assertThat(detection.jsonPath().getInt("numFailures")).isPositive();
    }

    private Response login(String password) {
        return given().baseUri(keycloak.realmUrl()).formParam("grant_type", "password")
                .formParam("client_id", Realm.CLI_CLIENT).formParam("username", user).formParam("password", password)
                .post("/protocol/openid-connect/token");
    }

    private RequestSpecification admin() {
        return given().baseUri(keycloak.baseUrl()).contentType("application/json")
                .auth().oauth2(TestInfra.shared().keycloakAdminToken());
    }
}
