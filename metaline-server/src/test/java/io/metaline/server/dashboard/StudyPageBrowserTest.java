package io.metaline.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaline.optimize.Suggestion;
import io.metaline.server.service.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The study page in a real browser against the real server: it signs in with a token, draws its charts without a
 * JavaScript error, follows the event stream (a trial told through the API appears without a reload) and an
 * operator's Approve click reaches the service. One server and one browser for the class, a fresh study per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudyPageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Shorter than the study page's 20 s safety-net refresh, so only the event stream can deliver in time. */
    private static final Duration LIVE_WAIT = Duration.ofSeconds(10);

    private DashboardFixture server;
    private Browser browser;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        // Chromium and the server start in parallel: each takes seconds on a busy machine.
        CompletableFuture<Browser> starting = CompletableFuture.supplyAsync(Browser::new);
        try {
            server = new DashboardFixture();
        } catch (RuntimeException e) {
            starting.thenAccept(Browser::close);
            throw e;
        }
        browser = starting.join();
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void forgetErrors() {
        if (browser != null) browser.clearErrors();
    }

    @Test
    void signsInWithATokenAndDrawsTheStudyWithoutScriptErrors() {
        String study = server.createStudy("moulding, page load");
        server.runTrials(study, 5);
        Suggestion pending = server.ask(study);
        server.reportLine("line-3", study);
        browser.open(server.uri("/index.html").toString());
        browser.script("sessionStorage.clear();");

        browser.open(server.uri("/study.html?id=" + study).toString());
        WebElement input = waitFor(By.id("token-input"));
        browser.clearErrors(); // the page before may have polled once more without a token (a 401 is logged)
        input.sendKeys(server.token(Role.VIEWER));
        browser.driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();

        waitUntil(() -> "5".equals(attribute(By.id("best-chart"), "data-points")), "the best-so-far chart to show 5 completed trials");
        WebElement canvas = browser.driver.findElement(By.cssSelector("#best-chart canvas"));
        assertTrue(canvas.getSize().getWidth() > 200 && canvas.getSize().getHeight() > 100, "chart canvas is drawn: " + canvas.getSize());
        assertEquals(2, browser.driver.findElements(By.cssSelector("#parameter-charts canvas")).size(), "one chart per parameter");
        assertEquals(3, browser.driver.findElements(By.cssSelector("#outcome-charts canvas")).size(), "objective, energy and cycle time");
        assertEquals(6, browser.driver.findElements(By.cssSelector("#trials tbody tr")).size(), "every trial in the table");
        assertEquals("moulding, page load", browser.driver.findElement(By.id("study-title")).getText());
        waitFor(By.cssSelector("#study-lines tr[data-line='line-3']"));
        WebElement card = waitFor(By.cssSelector("#pending article[data-trial='" + pending.trialId() + "']"));
        assertEquals("awaiting", card.getDomAttribute("data-approval"));
        // A viewer's token may not decide: the buttons are there but disabled.
        assertFalse(card.findElement(By.cssSelector("button[data-action=approve]")).isEnabled(), "a viewer cannot approve");
        assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors on the study page");
    }

    @Test
    void theChartGainsAPointWhenATrialIsToldWhileThePageIsOpen() {
        String study = server.createStudy("moulding, live");
        server.runTrials(study, 3);
        Suggestion pending = server.ask(study);
        signIn(Role.OPERATOR);
        browser.open(server.uri("/study.html?id=" + study).toString());
        waitUntil(() -> "3".equals(attribute(By.id("best-chart"), "data-points")), "3 completed trials on the chart");
        waitUntil(() -> "live".equals(attribute(By.id("live"), "data-state")), "the event stream to connect");
        browser.script("window.__samePage = true;");

        server.tell(study, pending);

        waitUntil(LIVE_WAIT, () -> "4".equals(attribute(By.id("best-chart"), "data-points")), "the told trial to reach the chart");
        assertEquals(Boolean.TRUE, browser.script("return window.__samePage === true;"), "updated in place, not reloaded");
        WebElement row = browser.driver.findElement(By.cssSelector("#trials tr[data-trial='" + pending.trialId() + "']"));
        assertEquals("completed", row.getDomAttribute("data-status"));
        assertTrue(browser.driver.findElements(By.cssSelector("#pending article")).isEmpty(), "no pending suggestion left");
        assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors while following events");
    }

    @Test
    void withoutFetchStreamingTheEventSourceFallbackKeepsThePageLive() {
        String study = server.createStudy("moulding, event source");
        server.runTrials(study, 2);
        Suggestion pending = server.ask(study);
        signIn(Role.VIEWER);
        // As in a browser without streaming fetch bodies: the page must fall back to EventSource with ?access_token.
        String hide = browser.beforeEveryPage("delete window.TextDecoderStream;");
        try {
            browser.open(server.uri("/study.html?id=" + study).toString());
            assertEquals(Boolean.TRUE, browser.script("return typeof TextDecoderStream === 'undefined';"));
            waitUntil(() -> "2".equals(attribute(By.id("best-chart"), "data-points")), "2 completed trials on the chart");
            waitUntil(() -> "live".equals(attribute(By.id("live"), "data-state")), "the EventSource to connect");
            browser.script("window.__samePage = true;");

            server.tell(study, pending);

            waitUntil(LIVE_WAIT, () -> "3".equals(attribute(By.id("best-chart"), "data-points")), "the told trial to reach the chart");
            assertEquals(Boolean.TRUE, browser.script("return window.__samePage === true;"), "updated in place, not reloaded");
            assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors with the EventSource fallback");
        } finally {
            browser.removeBeforeEveryPage(hide);
        }
    }

    @Test
    void theDrawnSeriesFollowTheOptimisersRules() throws Exception {
        // A study view as GET /api/v1/studies/{id} answers it, with a step beyond the limit and an infeasible best.
        String view = """
                {"id": "st-x", "name": "rules", "state": "running", "spec": {
                  "parameters": [{"name": "x", "type": "continuous", "lower": 0, "upper": 10, "maxStep": 2}],
                  "objective": {"outcome": "quality", "direction": "maximize"},
                  "constraints": [{"outcome": "energy", "upper": 11, "hard": true}]},
                 "trialList": [
                  {"id": 2, "parameters": {"x": 7}, "status": "completed", "outcomes": {"quality": 90, "energy": 12}},
                  {"id": 1, "parameters": {"x": 5}, "status": "completed", "outcomes": {"quality": 80, "energy": 10}},
                  {"id": 3, "parameters": {"x": 8}, "status": "failed", "outcomes": {}, "note": "rejected: batch"},
                  {"id": 4, "parameters": {"x": 9}, "status": "completed", "outcomes": {"quality": 85, "energy": 10.5},
                   "predictions": {"quality": {"mean": 84, "std": 1}, "energy": {"mean": 10, "std": 0.1}}},
                  {"id": 5, "parameters": {"x": 4}, "status": "pending", "outcomes": {},
                   "predictions": {"quality": {"mean": 88, "std": 2}}}]}
                """;
        browser.open(server.uri("/index.html").toString());
        Object answer = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/study-model.js')
                    .then(m => done(JSON.stringify(m.analyse(JSON.parse(arguments[0])))))
                    .catch(e => done('ERROR ' + e));
                """, view);
        assertFalse(String.valueOf(answer).startsWith("ERROR"), String.valueOf(answer));
        JsonNode m = new ObjectMapper().readTree(String.valueOf(answer));

        JsonNode best = m.get("bestSeries");
        assertEquals("[1,2,4]", best.get("x").toString(), "completed trials in id order");
        assertEquals("[80,null,85]", best.get("feasible").toString());
        assertEquals("[null,90,null]", best.get("infeasible").toString(), "90 broke the energy limit");
        assertEquals("[80,80,85]", best.get("best").toString(), "the best so far ignores a trial outside a limit");
        assertEquals(4, m.get("bestTrial").asInt());

        JsonNode x = m.get("parameters").get(0);
        assertEquals("[null,3,5,6,7]", x.get("stepLo").toString(), "previous suggestion - max step, within bounds");
        assertEquals("[null,7,9,10,10]", x.get("stepHi").toString(), "previous suggestion + max step, clipped at 10");
        assertEquals(1, x.get("stepViolations").asInt(), "9 -> 4 moves 5, more than the max step 2");
        assertEquals("[null,null,null,null,4]", x.get("pending").toString());

        JsonNode quality = m.get("outcomes").get(0);
        assertEquals("quality", quality.get("name").asText());
        assertEquals("[1,2,4,5]", quality.get("x").toString(), "trials with an observation or a prediction");
        assertEquals("[null,null,82,84]", quality.get("lo").toString(), "mean - 2 std");
        assertEquals(1, quality.get("covered").asInt(), "85 lies in 84 +/- 2");
        JsonNode energy = m.get("outcomes").get(1);
        assertEquals("[null,12,null]", energy.get("violated").toString(), "energy 12 is above its limit 11");
        assertEquals(0, energy.get("covered").asInt(), "10.5 is outside 10 +/- 0.2");
        assertEquals(1, energy.get("compared").asInt());
        assertEquals(1, m.get("counts").get("failed").asInt());
        assertEquals(1, m.get("counts").get("pending").asInt());
    }

    @Test
    void approveOnAPendingSuggestionMarksItApproved() {
        String study = server.createStudy("moulding, approval");
        server.runTrials(study, 2);
        Suggestion pending = server.ask(study);
        signIn(Role.OPERATOR);
        browser.open(server.uri("/study.html?id=" + study).toString());
        By approve = By.cssSelector("#pending button[data-action=approve][data-trial='" + pending.trialId() + "']");
        waitUntil(() -> browser.driver.findElement(approve).isEnabled(), "the Approve button to be enabled for an operator");
        assertEquals(Optional.empty(), approval(study, pending.trialId()), "not decided before the click");

        browser.driver.findElement(approve).click();

        waitUntil(() -> approval(study, pending.trialId()).isPresent(), "the approval to reach the service");
        assertEquals(Optional.of("approved"), approval(study, pending.trialId()));
        waitUntil(() -> "approved".equals(attribute(By.cssSelector("#pending article[data-trial='" + pending.trialId() + "']"), "data-approval")),
                "the card to show the approval");
        assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors around the approval");
    }

    @Test
    void rejectWithAReasonFailsTheTrialAndRemovesTheSuggestion() {
        String study = server.createStudy("moulding, rejection");
        server.runTrials(study, 2);
        Suggestion pending = server.ask(study);
        signIn(Role.OPERATOR);
        browser.open(server.uri("/study.html?id=" + study).toString());
        By reject = By.cssSelector("#pending button[data-action=reject][data-trial='" + pending.trialId() + "']");
        waitUntil(() -> browser.driver.findElement(reject).isEnabled(), "the Reject button to be enabled for an operator");

        browser.driver.findElement(By.id("reject-reason-" + pending.trialId())).sendKeys("resin batch not released");
        browser.driver.findElement(reject).click();

        waitUntil(() -> approval(study, pending.trialId()).isPresent(), "the rejection to reach the service");
        assertEquals(Optional.of("rejected"), approval(study, pending.trialId()));
        String note = server.studies().get(server.principal(Role.VIEWER), study).trials().stream()
                .filter(t -> t.id() == pending.trialId()).findFirst().orElseThrow().note();
        assertTrue(note.contains("resin batch not released"), "the operator's reason is kept: " + note);
        waitUntil(() -> browser.driver.findElements(By.cssSelector("#pending article")).isEmpty(), "the suggestion to leave the page");
        waitUntil(() -> "failed".equals(attribute(By.cssSelector("#trials tr[data-trial='" + pending.trialId() + "']"), "data-status")),
                "the trial to show as failed");
        assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors around the rejection");
    }

    @Test
    void theOtherPagesLoadWithoutScriptErrors() {
        String study = server.createStudy("moulding, overview");
        server.runTrials(study, 1);
        server.reportLine("line-7", study);
        server.server.services().datasets().add(server.principal(Role.ADMIN), "moulding history", "product",
                "product,melt_temp,quality\nA,230,80\nA,240,84\nB,235,78\nB,250,83\n");
        signIn(Role.VIEWER);
        record Page(String path, By ready) {}
        for (Page page : List.of(
                new Page("/index.html", By.cssSelector("#lines article[data-line='line-7']")),
                new Page("/studies.html", By.cssSelector("#studies tr[data-study='" + study + "']")),
                new Page("/datasets.html", By.cssSelector("#datasets tbody tr")),
                new Page("/models.html", By.cssSelector("#models .empty")))) {
            browser.open(server.uri(page.path()).toString());
            waitFor(page.ready());
            assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors on " + page.path());
        }
    }

    @Test
    void aModelsPageNamesTheObjectiveItsPriorLearntOverTheLimits() throws Exception {
        var admin = server.principal(Role.ADMIN);
        var services = server.server.services();
        var dataset = services.datasets().add(admin, "moulding with flash", "product",
                "product,melt_temp,cost,flash\nA,230,0.8,1\nA,240,0.7,3\nA,250,0.9,8\nB,235,0.75,2\nB,245,0.7,4\nB,255,1.0,9\n");
        var queued = services.models().train(admin, new io.metaline.server.service.TrainRequest(dataset.id(), List.of("melt_temp"),
                List.of("cost", "flash"), "maml", 1L, 40, "cost", List.of(io.metaline.optimize.OutcomeConstraint.softMax("flash", 5))));
        var model = services.models().await(admin, queued.id(), Duration.ofMinutes(1));
        assertEquals(io.metaline.server.service.JobStatus.SUCCEEDED, model.status(), () -> "training failed: " + model.error());
        signIn(Role.VIEWER);
        browser.open(server.uri("/models.html?id=" + model.id()).toString());
        waitUntil(() -> browser.driver.findElements(By.cssSelector("dl.facts dd")).stream()
                .anyMatch(dd -> dd.getText().equals("cost over flash <= 5")), "the learnt objective among the model's facts");
        assertEquals(List.of(), browser.errors(), "JavaScript errors or console errors on the model's page");
    }

    // ------------------------------------------------------------------ helpers

    /** Puts a token of the role in the tab's session storage, as the sign-in form does. */
    private void signIn(Role role) {
        browser.open(server.uri("/index.html").toString());
        browser.script("sessionStorage.setItem('metaline.token', arguments[0]);", server.token(role));
    }

    private Optional<String> approval(String study, int trialId) {
        return server.studies().approval(server.principal(Role.VIEWER), study, trialId);
    }

    private String attribute(By by, String name) {
        List<WebElement> found = browser.driver.findElements(by);
        return found.isEmpty() ? null : found.get(0).getDomAttribute(name);
    }

    private WebElement waitFor(By by) {
        waitUntil(() -> !browser.driver.findElements(by).isEmpty(), "an element " + by);
        return browser.driver.findElement(by);
    }

    private void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        waitUntil(WAIT, condition, what);
    }

    private void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition, String what) {
        new WebDriverWait(browser.driver, timeout)
                .withMessage(() -> "waited " + timeout.toSeconds() + " s for " + what + "; page errors: " + browser.errors())
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }
}
