package io.metaline.server.http;

import static io.metaline.server.http.StudySpecJson.ordered;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.metaline.optimize.StudySpec;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.server.service.DatasetInfo;
import io.metaline.server.service.IssuedToken;
import io.metaline.server.service.LineState;
import io.metaline.server.service.MetaLineServices;
import io.metaline.server.service.ModelInfo;
import io.metaline.server.service.Principal;
import io.metaline.server.service.Role;
import io.metaline.server.service.ServiceException;
import io.metaline.server.service.StudyInfo;
import io.metaline.server.service.StudyView;
import io.metaline.server.service.TokenInfo;
import io.metaline.server.service.TrainRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table of the server, and its handlers: each parses the request strictly, calls the services with the
 * caller's principal and answers a JSON record. Roles: {@link Access#VIEWER} reads, {@link Access#OPERATOR} asks,
 * tells, approves, rejects and reports lines, {@link Access#ADMIN} adds datasets, trains models, creates studies
 * and manages tokens. Stateless apart from its collaborators; thread-safe.
 */
final class ApiRoutes {
    static final String V1 = "/api/v1";
    private static final List<String> LINE_STATES = List.of("running", "changeover", "stopped");

    private final MetaLineServices services;
    private final HttpLimits limits;
    private final HttpMetrics metrics;
    private final EventStream events;
    private final String openApi;
    private final String docsPage;

    ApiRoutes(MetaLineServices services, HttpLimits limits, HttpMetrics metrics, EventStream events) {
        this.services = services;
        this.limits = limits;
        this.metrics = metrics;
        this.events = events;
        this.openApi = resource("/openapi.json");
        this.docsPage = resource("/http/docs.html");
    }

    void register(RoutesConfig r) {
        r.get("/health", this::health, Access.PUBLIC);
        r.get("/metrics", this::metrics, Access.PUBLIC);
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi), Access.PUBLIC);
        r.get("/docs", ctx -> ctx.html(docsPage), Access.PUBLIC);

        r.get(V1 + "/whoami", ctx -> ctx.json(ApiJson.principal(who(ctx))), Access.VIEWER);
        io.javalin.http.sse.SseHandler stream = new io.javalin.http.sse.SseHandler(events::serve);
        r.get(V1 + "/events", ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new HttpProblem(406, "Accept", "the event stream is sent as server-sent events", "text/event-stream");
            }
            stream.handle(ctx);
        }, Access.VIEWER);

        r.get(V1 + "/datasets", this::listDatasets, Access.VIEWER);
        r.post(V1 + "/datasets", this::addDataset, Access.ADMIN);
        r.get(V1 + "/datasets/{id}", ctx -> ctx.json(ApiJson.dataset(services.datasets().get(who(ctx), ctx.pathParam("id")))), Access.VIEWER);

        r.get(V1 + "/models", this::listModels, Access.VIEWER);
        r.post(V1 + "/models", this::trainModel, Access.ADMIN);
        r.get(V1 + "/models/{id}", ctx -> ctx.json(ApiJson.model(services.models().get(who(ctx), ctx.pathParam("id")))), Access.VIEWER);

        r.get(V1 + "/studies", this::listStudies, Access.VIEWER);
        r.post(V1 + "/studies", this::createStudy, Access.ADMIN);
        r.get(V1 + "/studies/{id}", ctx -> ctx.json(ApiJson.studyView(services.studies().get(who(ctx), ctx.pathParam("id")))), Access.VIEWER);
        r.post(V1 + "/studies/{id}/ask", this::ask, Access.OPERATOR);
        r.get(V1 + "/studies/{id}/trials/{trialId}", this::getTrial, Access.VIEWER);
        r.post(V1 + "/studies/{id}/trials/{trialId}", this::tell, Access.OPERATOR);
        r.post(V1 + "/studies/{id}/trials/{trialId}/approve", this::approve, Access.OPERATOR);
        r.post(V1 + "/studies/{id}/trials/{trialId}/reject", this::reject, Access.OPERATOR);

        r.get(V1 + "/lines", ctx -> ctx.json(ApiJson.list("lines", services.lines().list(who(ctx)).stream().map(ApiJson::line).toList())), Access.VIEWER);
        r.put(V1 + "/lines/{id}", this::reportLine, Access.OPERATOR);

        r.get(V1 + "/tokens", this::listTokens, Access.ADMIN);
        r.post(V1 + "/tokens", this::issueToken, Access.ADMIN);
        r.delete(V1 + "/tokens/{id}", this::revokeToken, Access.ADMIN);
    }

    private static Principal who(Context ctx) {
        return Authentication.principal(ctx);
    }

    // ------------------------------------------------------------------ public

    private void health(Context ctx) {
        boolean up;
        try {
            up = services.healthy();
        } catch (RuntimeException e) {
            up = false;
        }
        ctx.status(up ? 200 : 503).json(ordered("status", up ? "ok" : "unavailable", "database", up ? "up" : "down"));
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    // ------------------------------------------------------------------ datasets and models

    private void listDatasets(Context ctx) {
        ctx.json(ApiJson.list("datasets", services.datasets().list(who(ctx)).stream().map(ApiJson::dataset).toList()));
    }

    private void addDataset(Context ctx) {
        String name = requiredQuery(ctx, "name");
        String taskColumn = requiredQuery(ctx, "taskColumn");
        String csv = Bodies.csv(ctx, limits);
        DatasetInfo d = services.datasets().add(who(ctx), name, taskColumn, csv);
        ctx.status(201).header("Location", V1 + "/datasets/" + d.id()).json(ApiJson.dataset(d));
    }

    private void listModels(Context ctx) {
        ctx.json(ApiJson.list("models", services.models().list(who(ctx)).stream().map(ApiJson::model).toList()));
    }

    private void trainModel(Context ctx) {
        JsonInput in = Bodies.json(ctx, limits);
        TrainRequest request = new TrainRequest(in.requiredString("datasetId"), in.requiredStrings("inputs", 1),
                in.requiredStrings("outputs", 1), in.optionalString("algorithm"), in.optionalLong("seed", 0L),
                in.optionalInt("iterations", 1, 1_000_000), in.optionalString("objective"), StudySpecJson.constraints(in));
        in.finish();
        ModelInfo m = services.models().train(who(ctx), request);
        ctx.status(202).header("Location", V1 + "/models/" + m.id()).json(ApiJson.model(m));
    }

    // ------------------------------------------------------------------ studies

    private void listStudies(Context ctx) {
        ctx.json(ApiJson.list("studies", services.studies().list(who(ctx)).stream().map(ApiJson::studyInfo).toList()));
    }

    private void createStudy(Context ctx) {
        JsonInput in = Bodies.json(ctx, limits);
        StudySpec spec = StudySpecJson.read(in);
        String prior = in.optionalString("priorModelId");
        in.finish();
        StudyInfo s = services.studies().create(who(ctx), spec, prior);
        ctx.status(201).header("Location", V1 + "/studies/" + s.id()).json(ApiJson.studyInfo(s));
    }

    private void ask(Context ctx) {
        int count = 1;
        Map<String, Double> context = Map.of();
        JsonInput in = Bodies.optionalJson(ctx, limits);
        if (in != null) {
            Integer c = in.optionalInt("count", 1, 100);
            Map<String, Double> given = in.optionalNumbers("context");
            in.finish();
            if (c != null) count = c;
            if (given != null) context = given;
        }
        List<Suggestion> suggestions = services.studies().ask(who(ctx), ctx.pathParam("id"), context, count);
        ctx.json(ApiJson.list("suggestions", suggestions.stream().map(ApiJson::suggestion).toList()));
    }

    private void getTrial(Context ctx) {
        Principal who = who(ctx);
        String study = ctx.pathParam("id");
        int trialId = trialId(ctx);
        StudyView view = services.studies().get(who, study);
        Trial trial = view.trials().stream().filter(t -> t.id() == trialId).findFirst()
                .orElseThrow(() -> new ServiceException.NotFound("trial", Integer.toString(trialId)));
        Map<String, Object> m = ApiJson.trial(trial);
        Suggestion s = view.suggestions().get(trialId);
        if (s != null) {
            Map<String, Object> sm = ApiJson.suggestion(s);
            m.put("predictions", sm.get("predictions"));
            m.put("acquisition", sm.get("acquisition"));
            m.put("reason", sm.get("reason"));
        }
        m.put("approval", services.studies().approval(who, study, trialId).orElse(null));
        ctx.json(m);
    }

    private void tell(Context ctx) {
        int trialId = trialId(ctx);
        JsonInput in = Bodies.json(ctx, limits);
        String status = in.optionalChoice("status", List.of("completed", "failed"));
        Trial t;
        if ("failed".equals(status)) {
            String reason = in.optionalText("reason");
            if (in.has("outcomes")) {
                throw HttpProblem.badRequest("outcomes", "a failed run reports no outcomes", "either outcomes or status failed with a reason");
            }
            in.accept("outcomes");
            in.finish();
            t = services.studies().fail(who(ctx), ctx.pathParam("id"), trialId, reason);
        } else {
            Map<String, Double> outcomes = in.requiredNumbers("outcomes");
            if (in.has("reason")) {
                throw HttpProblem.badRequest("reason", "only a failed run has a reason", "no reason unless status is failed");
            }
            in.accept("reason");
            in.finish();
            t = services.studies().tell(who(ctx), ctx.pathParam("id"), trialId, outcomes);
        }
        ctx.json(ApiJson.trial(t));
    }

    private void approve(Context ctx) {
        int trialId = trialId(ctx);
        JsonInput in = Bodies.optionalJson(ctx, limits);
        if (in != null) in.finish();
        services.studies().approve(who(ctx), ctx.pathParam("id"), trialId);
        ctx.json(ordered("trialId", trialId, "approval", "approved"));
    }

    private void reject(Context ctx) {
        int trialId = trialId(ctx);
        String reason = null;
        JsonInput in = Bodies.optionalJson(ctx, limits);
        if (in != null) {
            reason = in.optionalText("reason");
            in.finish();
        }
        services.studies().reject(who(ctx), ctx.pathParam("id"), trialId, reason);
        ctx.json(ordered("trialId", trialId, "approval", "rejected"));
    }

    // ------------------------------------------------------------------ lines

    private void reportLine(Context ctx) {
        JsonInput in = Bodies.json(ctx, limits);
        String product = in.requiredString("product");
        String state = in.requiredChoice("state", LINE_STATES);
        String studyId = in.optionalString("studyId");
        long cycle = in.optionalLong("cycle", 0L);
        if (cycle < 0) throw HttpProblem.badRequest("cycle", "must be >= 0, got " + cycle, "an integer >= 0");
        Map<String, Double> setpoints = in.optionalNumbers("setpoints");
        Map<String, Double> last = in.optionalNumbers("lastOutcomes");
        in.finish();
        LineState reported = services.lines().report(who(ctx), new LineState(ctx.pathParam("id"), null, product, state,
                studyId, cycle, setpoints, last, null));
        ctx.json(ApiJson.line(reported));
    }

    // ------------------------------------------------------------------ tokens

    private void listTokens(Context ctx) {
        ctx.json(ApiJson.list("tokens", services.tokens().list(who(ctx).site()).stream().map(ApiJson::token).toList()));
    }

    private void issueToken(Context ctx) {
        JsonInput in = Bodies.json(ctx, limits);
        String roleText = in.requiredChoice("role", List.of("viewer", "operator", "admin"));
        String label = in.optionalText("label");
        in.finish();
        IssuedToken t = services.tokens().issue(Role.parse("role", roleText), who(ctx).site(), label == null ? "" : label);
        ctx.status(201).header("Location", V1 + "/tokens/" + t.info().id()).json(ApiJson.issued(t));
    }

    private void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<TokenInfo> t = services.tokens().get(id);
        if (t.isEmpty() || !t.get().site().equals(who(ctx).site())) throw new ServiceException.NotFound("token", id);
        services.tokens().revoke(id);
        ctx.json(ApiJson.token(services.tokens().get(id).orElseThrow()));
    }

    // ------------------------------------------------------------------ helpers

    private static int trialId(Context ctx) {
        String raw = ctx.pathParam("trialId");
        try {
            int id = Integer.parseInt(raw);
            if (id >= 1) return id;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpProblem.badRequest("trialId", "'" + raw + "' is not a trial id", "a positive integer");
    }

    private static String requiredQuery(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) throw HttpProblem.badRequest(name, "query parameter is required", "a non-empty string");
        return v;
    }

    private static String resource(String path) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path, e);
        }
    }
}
