package dev.tugboat.api.events;

import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventRulesTest {

    static ObjectNode scheduled() {
        return json("{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{'name':'web-1.17a9c3e5f0d2b6c1',"
                + "'namespace':'default'},'eventTime':'2024-05-01T10:00:00.123456Z','reportingController':'default-scheduler',"
                + "'reportingInstance':'default-scheduler-host','action':'Binding','reason':'Scheduled','type':'Normal',"
                + "'regarding':{'kind':'Pod','name':'web-1','namespace':'default'},"
                + "'note':'Successfully assigned default/web-1 to n1'}");
    }

    @Test
    void schedulerEventsAreValid() {
        assertThat(new EventRules().validate(scheduled())).isEmpty();
    }

    @Test
    void strictEventsNeedTypesAndNoDeprecatedFields() {
        ObjectNode e = scheduled();
        e.put("type", "Info").put("deprecatedCount", 3);
        e.putObject("series").put("count", 1);
        assertThat(strings(new EventRules().validate(e))).containsExactly(
                "series.count: Invalid value: \"\": should be at least 2",
                "series.lastObservedTime: Required value",
                "type: Invalid value: \"\": has invalid value: Info",
                "count: Invalid value: \"\": needs to be unset");
    }

    @Test
    void eventsKeepTheirIdentityOnUpdate() {
        ObjectNode old = scheduled();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "1");
        ObjectNode now = old.deepCopy();
        now.put("note", "changed");
        assertThat(strings(new EventRules().validateUpdate(now, old))).containsExactly(
                "message: Invalid value: \"changed\": field is immutable");
    }
}
