package io.metaline.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metaline.engine.nn.Linear;
import io.metaline.engine.nn.Mlp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlgorithmsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maml", "fomaml", "reptile", "metasgd", "anil", "mamlpp", "pretrained"})
    void everyRegressionNameCreatesALearnerReportingItsStableName(String name) {
        MetaLearner learner = Algorithms.create(name, Mlp.of(1, 4, 1), TaskLoss.MSE, 0.01, 2);
        assertEquals(name.equals("fomaml") ? "maml" : name, learner.name());
        assertEquals(2, learner.innerSteps());
    }

    @Test
    void theNamesAreStable() {
        assertEquals(List.of("maml", "fomaml", "reptile", "metasgd", "anil", "protonet", "mamlpp", "pretrained"), Algorithms.NAMES);
        assertInstanceOf(ProtoNet.class, Algorithms.create("protonet", new Linear(2, 2), TaskLoss.CROSS_ENTROPY, 0.01, 1));
    }

    @Test
    void onlyFirstOrderMamlDefaultsToFirstOrder() {
        for (String name : Algorithms.NAMES) {
            assertEquals(name.equals("fomaml") ? GradOrder.FIRST : GradOrder.SECOND, Algorithms.defaultOrder(name), name);
        }
    }

    @Test
    void anUnknownNameIsRejectedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Algorithms.create("MAML2", Mlp.of(1, 1), TaskLoss.MSE, 0.01, 1));
        assertTrue(e.getMessage().contains("'MAML2'") && e.getMessage().contains("maml, fomaml, reptile"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Algorithms.defaultOrder("sgd"));
        assertThrows(IllegalArgumentException.class, () -> Algorithms.defaultOrder(null));
    }

    @Test
    void aNetworkOrLossTheAlgorithmCannotUseIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Algorithms.create("anil", new Linear(1, 1), TaskLoss.MSE, 0.01, 1));
        assertTrue(e.getMessage().contains("Mlp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Algorithms.create("protonet", new Linear(1, 1), TaskLoss.MSE, 0.01, 1));
        assertTrue(e.getMessage().contains("cross-entropy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Algorithms.create("maml", Mlp.of(1, 1), TaskLoss.MSE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Algorithms.create("reptile", Mlp.of(1, 1), TaskLoss.MSE, 0.1, 0));
    }
}
