package org.numreg.system;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.numreg.devinfra.Realm;
import org.numreg.devinfra.TestInfra;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console as people use it, in real headless Chromium: each person signs in on the realm's
 * login page (authorization code with PKCE) at a registrar's console, which calls that registrar's
 * services with their token. Three registrars, consoles at r1 and r3.
 */
class ConsoleIT {

    static final String NUMBER = "+12125550100";
    static ConsensusCluster cluster;
    static Map<String, String> consoles;
    static TestInfra infra = TestInfra.shared();

    @TempDir
    Path profiles;

    @BeforeAll
    static void startThreeRegistrarsWithConsoles() throws Exception {
        cluster = new ConsensusCluster(List.of("r1", "r2", "r3"));
        cluster.startServices(List.of("allocation-service", "porting-service", "whois-service", "sync-service"));
        consoles = cluster.startConsoles(List.of("r1", "r3"));
        allowSignInAt(consoles.values());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What an operator does when a console is deployed: its address becomes a redirect URI of the console client. */
    static void allowSignInAt(java.util.Collection<String> urls) {
        String clients = "/admin/realms/" + Realm.NAME + "/clients";
        String id = admin().queryParam("clientId", Realm.CONSOLE_CLIENT).get(clients).jsonPath().getString("[0].id");
        Map<String, Object> client = admin().get(clients + "/" + id).jsonPath().getMap("");
        @SuppressWarnings("unchecked")
        List<String> redirects = new ArrayList<>((List<String>) client.get("redirectUris"));
        urls.forEach(url -> redirects.add(url + "/*"));
        admin().body(Map.of("redirectUris", redirects)).put(clients + "/" + id).then().statusCode(204);
    }

    static RequestSpecification admin() {
        return given().baseUri(infra.keycloak().baseUrl()).contentType("application/json")
                .auth().oauth2(infra.keycloakAdminToken());
    }

    Browser browserOf(String user) {
        return new Browser(profiles.resolve(user));
    }

    String password(String user) {
        return infra.secrets().password(user);
    }

    @Test
    void theWalkThroughInTheBrowser() {
        String r1 = consoles.get("r1");
        String r3 = consoles.get("r3");

        // A system admin registers the two carriers and opens the exchange 212-555.
        try (Browser sysadmin = browserOf("sysadmin")) {
            sysadmin.open(r1 + "/pool", "sysadmin", password("sysadmin"));
            assertThat(sysadmin.text("#who")).contains("sysadmin").contains("system admin");
            sysadmin.type("#register-ocn [name=ocn]", "1510").type("#register-ocn [name=name]", "Lakeside Telephone")
                    .submit("#register-ocn");
            assertThat(sysadmin.text("#done")).contains("OCN 1510 registered").contains("log position");
            sysadmin.type("#register-ocn [name=ocn]", "0042").type("#register-ocn [name=name]", "Harbor Mobile")
                    .submit("#register-ocn");
            sysadmin.type("#open-range [name=prefix]", "+1212555").submit("#open-range");
            assertThat(sysadmin.text("#done")).contains("Range +1212555 opened");
            assertThat(sysadmin.text("#ranges tbody tr")).as("prefix, numbers, allocated, free")
                    .startsWith("+1212555 10000 0 10000");
            assertThat(sysadmin.text("#ocns")).contains("Lakeside Telephone").contains("Harbor Mobile");

            // A form that breaks a rule is answered in words, from the service's problem+json.
            sysadmin.type("#open-range [name=prefix]", "+12125551").submit("#open-range");
            assertThat(sysadmin.text("#problem")).contains("overlaps");
            sysadmin.screenshot("pool");
        }

        // alice (OCN 1510) allocates a given number at r1 and sets its consumer's PIN.
        try (Browser alice = browserOf("alice")) {
            alice.open(r1 + "/allocate", "alice", password("alice"));
            assertThat(alice.text("#who")).contains("alice").contains("OCN admin").contains("1510");
            alice.type("#allocate [name=number]", NUMBER).type("#allocate [name=cnam]", "LAKESIDE")
                    .choose("#allocate [name=type]", "MOBILE").type("#allocate [name=zip]", "10001");
            alice.screenshot("allocate");
            alice.submit("#allocate");
            assertThat(alice.url()).contains("/numbers/" + NUMBER);
            assertThat(alice.text("#done")).contains("Allocated to 1510").contains("log position");
            assertThat(alice.text("#ocn")).contains("1510").contains("Lakeside Telephone");
            assertThat(alice.text("#cnam")).isEqualTo("LAKESIDE");

            alice.type("#set-pin [name=pin]", "482913").submit("#set-pin");
            assertThat(alice.text("#done")).contains("PIN set");
            assertThat(alice.text("#pin-state")).isEqualTo("set");
            assertThat(alice.text("#history")).contains("alice");
            alice.screenshot("number");

            alice.go(r1 + "/numbers?q=%2B1212555");
            assertThat(alice.text("#numbers")).contains(NUMBER).contains("LAKESIDE");
            alice.screenshot("numbers");
        }

        // bob (OCN 0042), at r3: the number is someone else's, so he sees its public fields only;
        // taking it is refused in words; with the consumer's PIN he ports it to 0042.
        try (Browser bob = browserOf("bob")) {
            bob.open(r3 + "/numbers/" + NUMBER, "bob", password("bob"));
            assertThat(bob.text("#ocn")).contains("1510");
            assertThat(bob.has("#cnam")).as("alice's private fields shown to bob").isFalse();
            assertThat(bob.text("#private-fields")).contains("only for the number's carrier");
            assertThat(bob.has("#history")).isFalse();

            bob.go(r3 + "/allocate").type("#allocate [name=number]", NUMBER).submit("#allocate");
            assertThat(bob.text("#problem")).contains("Taken by another carrier a moment ago");

            bob.go(r3 + "/ports").type("#port [name=number]", NUMBER).type("#port [name=pin]", "000000")
                    .submit("#port");
            assertThat(bob.text("#problem")).startsWith("Wrong PIN.");
            bob.type("#port [name=number]", NUMBER).type("#port [name=pin]", "482913");
            bob.screenshot("port");
            bob.submit("#port");
            assertThat(bob.text("#done")).contains("Ported to 0042");
            assertThat(bob.text("#ocn")).contains("0042");
            assertThat(bob.text("#number-ports")).contains("completed").contains("1510").contains("0042");

            // At a phone's width the page fits: nothing but wide tables scrolls sideways.
            bob.driver().manage().window().setSize(new Dimension(390, 844));
            bob.driver().navigate().refresh();
            Object[] widths = ((java.util.List<?>) ((JavascriptExecutor) bob.driver())
                    .executeScript("return [document.documentElement.scrollWidth, window.innerWidth]")).toArray();
            assertThat(((Number) widths[0]).longValue()).as("page width at 390 px").isLessThanOrEqualTo(((Number) widths[1]).longValue());
            bob.screenshot("number-phone");
        }

        // The health page: three registrars at the same head, the same numbers' digests, the changes arriving.
        try (Browser sysadmin = browserOf("sysadmin-health")) {
            sysadmin.open(r1 + "/registry", "sysadmin", password("sysadmin"));
            sysadmin.await().until(driver -> {
                driver.navigate().refresh();
                return driver.findElement(By.id("agreement")).getText().contains("All 3 registrars agree")
                        && driver.findElement(By.id("digest-agreement")).getText().contains("the same digest");
            });
            assertThat(sysadmin.text("#digests")).contains("r2").contains("r3").contains("AGREE");
            assertThat(sysadmin.driver().findElements(By.cssSelector("#heads tbody tr"))).hasSize(3);
            sysadmin.await().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#changes tbody tr"), 3));
            assertThat(sysadmin.text("#changes")).contains("port-completed").contains("bob");
            sysadmin.screenshot("registry");

            // Signing out ends the session at the realm too: the console asks for a sign-in again.
            sysadmin.driver().findElement(By.linkText("Sign out")).click();
            sysadmin.find("#kc-login");
            sysadmin.go(r1 + "/numbers");
            assertThat(sysadmin.has("#kc-login")).as("signed out").isTrue();
        }
    }
}
