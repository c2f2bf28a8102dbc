package io.metaline.server.http;

import static io.metaline.server.http.StudySpecJson.ordered;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.metaline.optimize.Suggestion;
import io.metaline.optimize.Trial;
import io.metaline.server.service.DatasetInfo;
import io.metaline.server.service.IssuedToken;
import io.metaline.server.service.LineState;
import io.metaline.server.service.ModelInfo;
import io.metaline.server.service.StudyEvent;
import io.metaline.server.service.StudyInfo;
import io.metaline.server.service.StudyView;
import io.metaline.server.service.TokenInfo;
import io.metaline.server.service.Principal;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON answers of the API: each service record becomes an explicit, ordered map (so the wire shape is written
 * here, not implied by field names), instants as ISO-8601 strings, and any non-finite number as {@code null} (JSON
 * has no NaN). Also Javalin's {@link io.javalin.json.JsonMapper}. Stateless and thread-safe.
 */
public final class ApiJson implements io.javalin.json.JsonMapper {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("metaline-finite")
            .addSerializer(Double.class, new FiniteDouble())
            .addSerializer(double.class, new FiniteDouble()));

    @Override
    public String toJsonString(Object obj, Type type) {
        return write(obj);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
        }
    }

    /** Writes NaN and infinities as null. */
    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value == null || !Double.isFinite(value)) gen.writeNull();
            else gen.writeNumber(value);
        }
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ tokens

    public static Map<String, Object> token(TokenInfo t) {
        return ordered("id", t.id(), "site", t.site(), "role", lower(t.role()), "label", t.label(),
                "created", time(t.created()), "revoked", time(t.revoked()));
    }

    /** The token with its secret: answered once, when it is issued. */
    public static Map<String, Object> issued(IssuedToken t) {
        Map<String, Object> m = token(t.info());
        m.put("secret", t.secret());
        return m;
    }

    public static Map<String, Object> principal(Principal p) {
        return ordered("tokenId", p.tokenId(), "site", p.site(), "role", lower(p.role()));
    }

    // ------------------------------------------------------------------ datasets and models

    public static Map<String, Object> dataset(DatasetInfo d) {
        return ordered("id", d.id(), "site", d.site(), "name", d.name(), "taskColumn", d.taskColumn(), "rows", d.rows(),
                "tasks", d.tasks(), "columns", d.columns(), "createdBy", d.createdBy(), "created", time(d.created()));
    }

    public static Map<String, Object> model(ModelInfo m) {
        List<List<Double>> curve = new ArrayList<>();
        for (double[] point : m.learningCurve()) {
            List<Double> p = new ArrayList<>();
            for (double v : point) p.add(v);
            curve.add(p);
        }
        Map<String, Object> out = ordered("id", m.id(), "site", m.site(), "name", m.name(), "version", m.version(),
                "datasetId", m.datasetId(), "inputs", m.inputs(), "outputs", m.outputs(), "algorithm", m.algorithm(),
                "seed", m.seed(), "status", lower(m.status()), "progress", m.progress());
        if (m.objective() != null) out.put("objective", m.objective());
        if (!m.limits().isEmpty()) out.put("constraints", StudySpecJson.constraints(m.limits()));
        out.put("metrics", m.metrics());
        out.put("learningCurve", curve);
        out.put("checksum", m.checksum());
        out.put("createdBy", m.createdBy());
        out.put("created", time(m.created()));
        out.put("finished", time(m.finished()));
        out.put("error", m.error());
        return out;
    }

    // ------------------------------------------------------------------ studies

    public static Map<String, Object> studyInfo(StudyInfo s) {
        return ordered("id", s.id(), "site", s.site(), "name", s.name(), "priorModelId", s.priorModelId(),
                "created", time(s.created()), "createdBy", s.createdBy(), "trials", s.trials(), "completed", s.completed(),
                "best", s.best().map(ApiJson::trial).orElse(null),
                "recommended", s.recommended().map(ApiJson::trial).orElse(null));
    }

    /** The study in full: its summary fields, {@code spec}, {@code state} and every trial with its suggestion. */
    public static Map<String, Object> studyView(StudyView v) {
        Map<String, Object> m = studyInfo(v.info());
        m.put("state", v.state());
        m.put("spec", StudySpecJson.write(v.spec()));
        List<Object> trials = new ArrayList<>();
        for (Trial t : v.trials()) {
            Map<String, Object> tm = trial(t);
            Suggestion s = v.suggestions().get(t.id());
            if (s != null) {
                tm.put("predictions", predictions(s));
                tm.put("acquisition", s.acquisition());
                tm.put("reason", s.reason());
            }
            trials.add(tm);
        }
        m.put("trialList", trials);
        return m;
    }

    public static Map<String, Object> trial(Trial t) {
        return ordered("id", t.id(), "parameters", sorted(t.settings()), "context", sorted(t.context()),
                "status", lower(t.status()), "outcomes", sorted(t.outcomes()), "note", t.note(),
                "created", time(t.created()), "finished", time(t.finished()));
    }

    public static Map<String, Object> suggestion(Suggestion s) {
        Map<String, Object> m = ordered("trialId", s.trialId(), "parameters", sorted(s.settings()),
                "predictions", predictions(s), "acquisition", s.acquisition(), "reason", s.reason());
        m.put("similarTasks", s.similarTasks());
        return m;
    }

    private static Map<String, Object> predictions(Suggestion s) {
        Map<String, Object> p = new TreeMap<>();
        s.predictions().forEach((outcome, pr) -> p.put(outcome, ordered("mean", pr.mean(), "std", pr.sd())));
        return p;
    }

    private static Map<String, Double> sorted(Map<String, Double> m) {
        return new TreeMap<>(m);
    }

    // ------------------------------------------------------------------ lines and events

    public static Map<String, Object> line(LineState l) {
        Map<String, Object> m = ordered("id", l.id(), "site", l.site(), "product", l.product(), "state", l.state(),
                "studyId", l.studyId(), "cycle", l.cycle(), "setpoints", sorted(l.setpoints()));
        m.put("lastOutcomes", sorted(l.lastOutcomes()));
        m.put("updated", time(l.updated()));
        return m;
    }

    public static Map<String, Object> event(StudyEvent e) {
        return ordered("site", e.site(), "studyId", e.studyId(), "kind", e.kind(), "trialId", e.trialId());
    }

    /** A list wrapped in an object under {@code key} (top-level arrays are avoided so answers can grow fields). */
    public static Map<String, Object> list(String key, List<?> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, items);
        return m;
    }
}
