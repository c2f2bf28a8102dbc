package io.metaline.connect.loop;

import io.metaline.optimize.Trial;
import java.util.Map;
import java.util.Optional;

/**
 * Where an agent stands after telling a run.
 *
 * @param line     the line's id
 * @param runs     results told by this agent (including ones recovered from its journal)
 * @param trialId  the trial just told
 * @param cycle    the cycle whose outcomes were told (-1 when unknown)
 * @param product  the product that ran (empty when unknown, e.g. a result recovered from the journal)
 * @param settings the setpoints that ran
 * @param outcomes the outcomes told
 * @param best     the study's best feasible trial so far
 */
public record AgentProgress(String line, int runs, int trialId, long cycle, String product, Map<String, Double> settings,
                            Map<String, Double> outcomes, Optional<Trial> best) {}
