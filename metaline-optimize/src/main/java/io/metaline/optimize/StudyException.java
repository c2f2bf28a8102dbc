package io.metaline.optimize;

/** A request a study cannot honour; the subclasses say which, so a server can map each to a status once. */
public class StudyException extends RuntimeException {
    public StudyException(String message) {
        super(message);
    }

    /** No trial with that id in this study. */
    public static final class UnknownTrial extends StudyException {
        public UnknownTrial(int id, String study) {
            super("study '" + study + "' has no trial " + id);
        }
    }

    /** A different result was already recorded for the trial (the same result again is accepted). */
    public static final class AlreadyReported extends StudyException {
        public AlreadyReported(int id, String detail) {
            super("trial " + id + " already has a result: " + detail);
        }
    }

    /** In safe mode, no setting within the step limits is confidently safe: the study refuses to guess. */
    public static final class NoSafeSuggestion extends StudyException {
        public NoSafeSuggestion(String message) {
            super(message);
        }
    }
}
