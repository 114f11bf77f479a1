package dev.tugboat.api.printers;

import static dev.tugboat.api.printers.TestObjects.NOW;
import static dev.tugboat.api.printers.TestObjects.ago;
import static dev.tugboat.api.printers.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.jsonpath.JsonPathException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomResourcePrinterTest {

    private static final JsonNode COLUMNS = yaml("""
            - {name: Phase, type: string, jsonPath: .status.phase}
            - {name: Replicas, type: integer, jsonPath: .spec.replicas, description: Desired replicas}
            - {name: Ratio, type: number, jsonPath: .spec.ratio, priority: 1}
            - {name: Enabled, type: boolean, jsonPath: .spec.enabled}
            - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
            - {name: Labels, type: string, jsonPath: .metadata.labels}
            - {name: Started, type: date, jsonPath: .status.startTime}
            - {name: Hosts, type: string, jsonPath: '.spec.hosts[*]'}
            """);

    @Test
    void definesNameThenTheDeclaredColumns() {
        CustomResourcePrinter printer = CustomResourcePrinter.of(COLUMNS);
        assertThat(printer.columns()).extracting(Column::name).containsExactly("Name", "Phase", "Replicas", "Ratio",
                "Enabled", "Ready", "Labels", "Started", "Hosts");
        assertThat(printer.columns()).extracting(Column::type).containsExactly("string", "string", "integer", "number",
                "boolean", "string", "string", "date", "string");
        assertThat(printer.columns().get(1).description())
                .isEqualTo("Custom resource definition column (in JSONPath format): .status.phase");
        assertThat(printer.columns().get(2).description()).isEqualTo("Desired replicas");
        assertThat(printer.columns().get(3).priority()).isEqualTo(1);
    }

    @Test
    void printsTypedCellsFromTheFirstMatch() {
        JsonNode obj = yaml("""
                metadata: {name: w1, labels: {b: '2', a: '1'}}
                spec: {replicas: 3, ratio: 0.5, enabled: true, hosts: [a.example.com, b.example.com]}
                status:
                  phase: Running
                  startTime: '%s'
                  conditions: [{type: Synced, status: 'True'}, {type: Ready, status: 'False'}]
                """.formatted(ago(3700)));
        assertThat(CustomResourcePrinter.of(COLUMNS).cells(obj, NOW)).isEqualTo(List.of("w1", "Running", 3L, 0.5, true,
                "False", "{\"a\":\"1\",\"b\":\"2\"}", "61m", "a.example.com"));
    }

    @Test
    void printsEmptyCellsForMissingOrMistypedValues() {
        JsonNode obj = yaml("""
                metadata: {name: w2}
                spec: {replicas: many, ratio: 2, enabled: 'yes'}
                status: {startTime: not-a-date}
                """);
        assertThat(CustomResourcePrinter.of(COLUMNS).cells(obj, NOW))
                .isEqualTo(List.of("w2", "", "", 2.0, "", "", "", "<invalid>", ""));
    }

    @Test
    void defaultsToAnAgeColumn() {
        CustomResourcePrinter printer = CustomResourcePrinter.of(yaml("[]"));
        assertThat(printer.columns()).extracting(Column::name, Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "string"),
                        org.assertj.core.groups.Tuple.tuple("Age", "date"));
        JsonNode obj = yaml("metadata: {name: w3, creationTimestamp: '" + ago(7200) + "'}");
        assertThat(printer.cells(obj, NOW)).isEqualTo(List.of("w3", "120m"));
        assertThat(CustomResourcePrinter.of(null).cells(yaml("metadata: {name: w4}"), NOW))
                .isEqualTo(List.of("w4", ""));
    }

    @Test
    void rejectsAColumnWhosePathDoesNotParse() {
        assertThatThrownBy(() -> CustomResourcePrinter.of(yaml("[{name: Bad, type: string, jsonPath: '.spec[0'}]")))
                .isInstanceOf(JsonPathException.class);
    }
}
