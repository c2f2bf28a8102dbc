package io.metaline.connect.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metaline.connect.LineConnections;
import io.metaline.connect.loop.LineConnection;
import io.metaline.connect.plant.SimulatedPlant;
import io.metaline.connect.testing.SimSpecs;
import io.metaline.optimize.StudySpec;
import io.metaline.sim.Families;
import io.metaline.sim.line.LineSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example mapping files (src/test/resources/mappings) fit an injection-moulding study and the simulated plant. */
class ExampleMappingsTest {
    private static SimulatedPlant plant;

    @BeforeAll
    static void start() {
        plant = SimulatedPlant.start(SimulatedPlant.Config.realTime(new SimulatedPlant.LineSpec("line-1", "injection_moulding",
                LineSimulator.Config.defaults(1).withSpeed(40).withWearPerCycle(0))));
    }

    @AfterAll
    static void stop() {
        if (plant != null) plant.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"line-1.opcua.json", "line-1.mqtt-json.json", "line-1.sparkplug.json"})
    void exampleFitsTheStudyAndTheLivePlant(String file) throws Exception {
        String text;
        try (InputStream in = ExampleMappingsTest.class.getResourceAsStream("/mappings/" + file)) {
            if (in == null) throw new IOException("no resource " + file);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The files name the usual ports; the test plant runs on free ones.
        text = text.replace("127.0.0.1:4840", "127.0.0.1:" + plant.endpoints().opcUaPort())
                .replace("\"port\": 1883", "\"port\": " + plant.endpoints().mqttPort());
        LineMapping mapping = LineMapping.parse(text, file);
        StudySpec study = SimSpecs.of(Families.byName("injection_moulding"), "example", 5, 1);
        try (LineConnection line = LineConnections.forMapping(mapping, study)) {
            line.open();
            assertEquals(study.space().context().size(), line.readContext().size());
            assertEquals(plant.line("line-1").setpoints().keySet(), line.readSetpoints().keySet());
        }
    }
}
