package io.metaline.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Saves a whole study (declaration, trials, random state) as JSON and loads it back, so that the loaded study
 * makes exactly the suggestion the saved one would have made next. Files are written atomically.
 */
public final class StudyJson {
    private StudyJson() {}

    public static final String FORMAT = "metaline-study/1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What is stored. */
    record State(StudySpec spec, List<Trial> trials, int nextId, long rngState, double[] reference) {}

    private record TrialDto(int id, Map<String, Double> settings, Map<String, Double> context, Trial.Status status,
                            Map<String, Double> outcomes, String note, String created, String finished) {}

    private record FileDto(String format, StudySpec spec, List<TrialDto> trials, int nextId, long rngState, double[] reference) {}

    public static String toJson(Study study) {
        State s = study.state();
        List<TrialDto> trials = s.trials().stream().map(t -> new TrialDto(t.id(), t.settings(), t.context(), t.status(),
                t.outcomes(), t.note(), t.created() == null ? null : t.created().toString(),
                t.finished() == null ? null : t.finished().toString())).toList();
        try {
            return JSON.writeValueAsString(new FileDto(FORMAT, s.spec(), trials, s.nextId(), s.rngState(), s.reference()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the study as JSON: " + e.getMessage(), e);
        }
    }

    public static Study fromJson(String json, Surrogate surrogate) {
        FileDto f;
        try {
            f = JSON.readValue(json, FileDto.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid MetaLine study file: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(f.format())) {
            throw new IllegalArgumentException("not a MetaLine study file (format '" + f.format() + "', expected '" + FORMAT + "')");
        }
        List<Trial> trials = f.trials().stream().map(t -> new Trial(t.id(), t.settings(), t.context(), t.status(),
                t.outcomes(), t.note(), t.created() == null ? null : Instant.parse(t.created()),
                t.finished() == null ? null : Instant.parse(t.finished()))).toList();
        return Study.restore(new State(f.spec(), trials, f.nextId(), f.rngState(), f.reference()), surrogate);
    }

    public static void save(Study study, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(study), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Study load(Path file, Surrogate surrogate) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8), surrogate);
    }
}
