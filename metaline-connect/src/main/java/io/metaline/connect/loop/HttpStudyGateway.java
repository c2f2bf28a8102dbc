package io.metaline.connect.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StudyGateway} over the MetaLine server's REST API ({@code /api/v1}, bearer token, JSON), with
 * {@code java.net.http}.
 *
 * <p>Errors: a 4xx/5xx answer becomes a {@link GatewayException} carrying the status and the server's message,
 * field and expected value. Retries: a connection failure (and a 502/503/504) is retried with backoff for calls that
 * are safe to repeat: tell, fail, approve, reject and reads are idempotent on the server; ask is retried only when
 * the connection was refused (the request never left), because a repeated ask would leave an extra pending trial.
 *
 * <p>Thread-safe (the underlying {@link HttpClient} is).
 */
public final class HttpStudyGateway implements StudyGateway {
    private static final Logger LOG = LoggerFactory.getLogger(HttpStudyGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How hard to try. */
    public record Retry(int attempts, Duration firstBackoff, Duration requestTimeout) {
        public static final Retry DEFAULT = new Retry(5, Duration.ofMillis(200), Duration.ofSeconds(30));

        public Retry {
            if (attempts < 1) throw new IllegalArgumentException("retry: attempts must be >= 1, got " + attempts);
        }
    }

    private final URI base;
    private final String token;
    private final String studyId;
    private final StudySpec spec;
    private final Retry retry;
    private final HttpClient http;

    /**
     * @param server  the server's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param token   an operator token (bearer)
     * @param studyId the study's id on the server
     * @param spec    the study's declaration (the one it was created with; the agent validates its mapping against it)
     */
    public HttpStudyGateway(URI server, String token, String studyId, StudySpec spec, Retry retry) {
        if (server == null || token == null || token.isBlank() || studyId == null || studyId.isBlank() || spec == null) {
            throw new IllegalArgumentException("HttpStudyGateway: server, token, studyId and spec are required");
        }
        String s = server.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
        this.studyId = studyId;
        this.spec = spec;
        this.retry = retry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpStudyGateway(URI server, String token, String studyId, StudySpec spec) {
        this(server, token, studyId, spec, Retry.DEFAULT);
    }

    @Override
    public StudySpec spec() {
        return spec;
    }

    @Override
    public List<Suggestion> ask(int count, Map<String, Double> context) {
        ObjectNode body = JSON.createObjectNode();
        body.put("count", count);
        ObjectNode ctx = body.putObject("context");
        if (context != null) context.forEach(ctx::put);
        JsonNode answer = send("POST", study("/ask"), body, false);
        List<Suggestion> out = new ArrayList<>();
        for (JsonNode s : array(answer, "suggestions")) {
            Map<String, Suggestion.Prediction> predictions = new LinkedHashMap<>();
            JsonNode p = s.path("predictions");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                predictions.put(e.getKey(), new Suggestion.Prediction(e.getValue().path("mean").asDouble(Double.NaN),
                        e.getValue().path("std").asDouble(Double.NaN)));
            }
            List<String> similar = new ArrayList<>();
            for (JsonNode n : s.path("similarTasks")) similar.add(n.asText());
            out.add(new Suggestion(requiredInt(s, "trialId"), numbers(s.path("parameters")), predictions,
                    s.path("acquisition").asDouble(Double.NaN), s.path("reason").asText(""), similar));
        }
        return out;
    }

    @Override
    public void approve(int trialId) {
        send("POST", study("/trials/" + trialId + "/approve"), null, true);
    }

    @Override
    public void reject(int trialId, String reason) {
        ObjectNode body = JSON.createObjectNode();
        if (reason != null) body.put("reason", reason);
        send("POST", study("/trials/" + trialId + "/reject"), body, true);
    }

    @Override
    public Approval approval(int trialId) {
        JsonNode t = send("GET", study("/trials/" + trialId), null, true);
        String a = t.path("approval").asText("");
        if ("approved".equals(a)) return Approval.APPROVED;
        if ("rejected".equals(a)) return Approval.REJECTED;
        return Approval.PENDING;
    }

    @Override
    public Trial tell(int trialId, Map<String, Double> outcomes) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode o = body.putObject("outcomes");
        outcomes.forEach(o::put);
        return trial(send("POST", study("/trials/" + trialId), body, true));
    }

    @Override
    public Trial fail(int trialId, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", "failed");
        if (reason != null) body.put("reason", reason);
        return trial(send("POST", study("/trials/" + trialId), body, true));
    }

    @Override
    public Optional<Trial> best() {
        return summaryTrial("best");
    }

    @Override
    public Optional<Trial> recommended() {
        return summaryTrial("recommended");
    }

    /** A trial of the study's summary ({@code best} or {@code recommended}), if it has one. */
    private Optional<Trial> summaryTrial(String field) {
        JsonNode b = send("GET", study(""), null, true).path(field);
        return b.isObject() ? Optional.of(trial(b)) : Optional.empty();
    }

    /** Reports the line's state for the dashboard (PUT /api/v1/lines/{id}); idempotent. */
    public void reportLine(String line, String product, String state, long cycle, Map<String, Double> setpoints,
                           Map<String, Double> lastOutcomes) {
        ObjectNode body = JSON.createObjectNode();
        body.put("product", product);
        body.put("state", state);
        body.put("studyId", studyId);
        body.put("cycle", cycle);
        ObjectNode sp = body.putObject("setpoints");
        if (setpoints != null) setpoints.forEach(sp::put);
        ObjectNode lo = body.putObject("lastOutcomes");
        if (lastOutcomes != null) lastOutcomes.forEach(lo::put);
        send("PUT", URI.create(base + "/api/v1/lines/" + enc(line)), body, true);
    }

    // ------------------------------------------------------------------ HTTP

    private URI study(String rest) {
        return URI.create(base + "/api/v1/studies/" + enc(studyId) + rest);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, URI uri, JsonNode body, boolean idempotent) {
        String text = body == null ? "" : body.toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(retry.requestTimeout())
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if ("GET".equals(method)) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        }
        HttpRequest request = b.build();
        Duration backoff = retry.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status >= 200 && status < 300) {
                    return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
                }
                boolean transientStatus = status == 502 || status == 503 || status == 504;
                GatewayException e = new GatewayException(method + " " + uri.getPath() + ": " + describe(status, r.body()), status,
                        transientStatus && idempotent, null);
                if (!e.retryable() || attempt >= retry.attempts()) throw e;
                LOG.warn("{} (attempt {}/{}), retrying in {} ms", e.getMessage(), attempt, retry.attempts(), backoff.toMillis());
            } catch (IOException e) {
                boolean neverSent = e instanceof ConnectException;
                boolean mayRetry = idempotent || neverSent;
                String msg = method + " " + uri + ": cannot reach the MetaLine server: " + e;
                if (!mayRetry || attempt >= retry.attempts()) {
                    throw new GatewayException(msg + (mayRetry ? " (gave up after " + attempt + " attempts)"
                            : " (not retried: the request may have arrived, and repeating it is not safe)"), 0, mayRetry, e);
                }
                LOG.warn("{} (attempt {}/{}), retrying in {} ms", msg, attempt, retry.attempts(), backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(method + " " + uri + ": interrupted", 0, false, e);
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new GatewayException(method + " " + uri + ": interrupted while waiting to retry", 0, false, ie);
            }
            backoff = backoff.multipliedBy(2);
        }
    }

    /** The server's error body ({"error","field","expected"}) as one sentence; the raw body when it is not JSON. */
    static String describe(int status, String body) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            if (n != null && n.isObject() && n.has("error")) {
                sb.append(": ").append(n.path("error").asText());
                if (n.hasNonNull("field")) sb.append(" (field '").append(n.path("field").asText()).append("'");
                if (n.hasNonNull("expected")) sb.append(n.hasNonNull("field") ? "; " : " (").append("expected ").append(n.path("expected").asText());
                if (n.hasNonNull("field") || n.hasNonNull("expected")) sb.append(")");
                return sb.toString();
            }
        } catch (IOException ignored) {
            // not JSON: show it as it is
        }
        if (body != null && !body.isBlank()) sb.append(": ").append(body.length() > 300 ? body.substring(0, 300) + "..." : body);
        return sb.toString();
    }

    private static Iterable<JsonNode> array(JsonNode n, String field) {
        JsonNode a = n.path(field);
        if (!a.isArray()) throw new GatewayException("unexpected answer from the server: no '" + field + "' array in " + n, 0, false, null);
        return a;
    }

    private static int requiredInt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) throw new GatewayException("unexpected answer from the server: no integer '" + field + "' in " + n, 0, false, null);
        return v.asInt();
    }

    private static Map<String, Double> numbers(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asDouble());
        }
        return m;
    }

    static Trial trial(JsonNode t) {
        Trial.Status status = switch (t.path("status").asText("pending")) {
            case "completed" -> Trial.Status.COMPLETED;
            case "failed" -> Trial.Status.FAILED;
            default -> Trial.Status.PENDING;
        };
        return new Trial(requiredInt(t, "id"), numbers(t.path("parameters")), numbers(t.path("context")), status,
                numbers(t.path("outcomes")), t.hasNonNull("note") ? t.get("note").asText() : null, time(t.get("created")),
                time(t.get("finished")));
    }

    private static Instant time(JsonNode n) {
        if (n == null || n.isNull()) return null;
        try {
            return Instant.parse(n.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
