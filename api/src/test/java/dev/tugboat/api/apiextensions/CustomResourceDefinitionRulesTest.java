package dev.tugboat.api.apiextensions;

import static dev.tugboat.api.kinds.KindTesting.createErrors;
import static dev.tugboat.api.kinds.KindTesting.json;
import static dev.tugboat.api.kinds.KindTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CustomResourceDefinitionRulesTest {

    private final CustomResourceDefinitionRules rules = new CustomResourceDefinitionRules();

    static ObjectNode crd() {
        return json("{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
                + "'metadata':{'name':'crontabs.stable.example.com'},'spec':{'group':'stable.example.com',"
                + "'scope':'Namespaced','names':{'plural':'crontabs','kind':'CronTab','shortNames':['ct']},"
                + "'versions':[{'name':'v1','served':true,'storage':true,'schema':{'openAPIV3Schema':{'type':'object',"
                + "'properties':{'spec':{'type':'object','properties':{'cronSpec':{'type':'string'},'image':{'type':'string'},"
                + "'replicas':{'type':'integer'},'tags':{'type':'array','items':{'type':'string'}}}},"
                + "'status':{'type':'object','properties':{'replicas':{'type':'integer'},'selector':{'type':'string'}}}}}},"
                + "'subresources':{'status':{},'scale':{'specReplicasPath':'.spec.replicas',"
                + "'statusReplicasPath':'.status.replicas','labelSelectorPath':'.status.selector'}},"
                + "'additionalPrinterColumns':[{'name':'Spec','type':'string','jsonPath':'.spec.cronSpec'},"
                + "{'name':'Replicas','type':'integer','jsonPath':'.spec.replicas'}]}]}}");
    }

    static ObjectNode version(ObjectNode crd) {
        return (ObjectNode) crd.get("spec").get("versions").get(0);
    }

    static ObjectNode schema(ObjectNode crd) {
        return (ObjectNode) version(crd).get("schema").get("openAPIV3Schema");
    }

    @Test
    void aCrdWithASchemaIsDefaultedAndValid() {
        ObjectNode crd = crd();
        rules.applyDefaults(crd);
        assertThat(crd.get("spec").get("names").get("singular").asText()).isEqualTo("crontab");
        assertThat(crd.get("spec").get("names").get("listKind").asText()).isEqualTo("CronTabList");
        assertThat(crd.get("spec").get("conversion").get("strategy").asText()).isEqualTo("None");
        assertThat(rules.validate(crd)).isEmpty();
    }

    record Case(String name, Consumer<ObjectNode> change, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("the name must be plural.group", c -> ((ObjectNode) c.get("metadata")).put("name", "crontab.example.com"),
                        List.of("metadata.name: Invalid value: \"crontab.example.com\": must be spec.names.plural+\".\"+spec.group")),
                new Case("the group needs a dot", c -> {
                    ((ObjectNode) c.get("spec")).put("group", "stable");
                    ((ObjectNode) c.get("metadata")).put("name", "crontabs.stable");
                }, List.of("spec.group: Invalid value: \"stable\": should be a domain with at least one dot")),
                new Case("an unknown scope", c -> ((ObjectNode) c.get("spec")).put("scope", "Global"),
                        List.of("spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"")),
                new Case("two storage versions", c -> ((ArrayNode) c.get("spec").get("versions")).add(version(c).deepCopy()
                        .put("name", "v2")), List.of("spec.versions: Invalid value: " + "VERSIONS"
                        + ": must have exactly one version marked as storage version")),
                new Case("a version without schema", c -> version(c).remove("schema"),
                        List.of("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required")),
                new Case("a property without type", c -> ((ObjectNode) schema(c).get("properties").get("spec")
                        .get("properties").get("image")).remove("type"),
                        List.of("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[image].type: Required"
                                + " value: must not be empty for specified object fields")),
                new Case("array items without type", c -> ((ObjectNode) schema(c).get("properties").get("spec")
                        .get("properties").get("tags").get("items")).remove("type"),
                        List.of("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[tags].items.type:"
                                + " Required value: must not be empty for specified array items")),
                new Case("a root that is not an object", c -> schema(c).put("type", "string"),
                        List.of("spec.versions[0].schema.openAPIV3Schema.type: Invalid value: \"string\": must be object at"
                                + " the root")),
                new Case("uniqueItems", c -> ((ObjectNode) schema(c).get("properties").get("spec").get("properties").get("tags"))
                        .put("uniqueItems", true),
                        List.of("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[tags].uniqueItems:"
                                + " Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")),
                new Case("metadata beyond name", c -> ((ObjectNode) schema(c).get("properties")).set("metadata",
                        json("{'type':'object','properties':{'labels':{'type':'object'}}}")),
                        List.of("spec.versions[0].schema.openAPIV3Schema.properties[metadata]: Forbidden: must not specify"
                                + " anything other than name and generateName, but metadata is implicitly specified")),
                new Case("a scale path outside spec", c -> ((ObjectNode) version(c).get("subresources").get("scale"))
                        .put("specReplicasPath", ".status.replicas"),
                        List.of("spec.versions[0].subresources.scale.specReplicasPath: Invalid value: \".status.replicas\":"
                                + " should be a json path under .spec")),
                new Case("a printer column path without a dot", c -> ((ObjectNode) version(c).get("additionalPrinterColumns")
                        .get(0)).put("jsonPath", "spec.cronSpec"),
                        List.of("spec.versions[0].additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.cronSpec\":"
                                + " must be a simple json path starting with .")),
                new Case("an unknown printer column type", c -> ((ObjectNode) version(c).get("additionalPrinterColumns")
                        .get(1)).put("type", "int"),
                        List.of("spec.versions[0].additionalPrinterColumns[1].type: Unsupported value: \"int\": supported"
                                + " values: \"boolean\", \"date\", \"integer\", \"number\", \"string\"")),
                new Case("an uppercase short name", c -> ((ArrayNode) c.get("spec").get("names").get("shortNames")).add("CT"),
                        List.of("spec.names.shortNames[1]: Invalid value: \"CT\": a DNS-1035 label must consist of lower case"
                                + " alphanumeric characters or '-', start with an alphabetic character, and end with an"
                                + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                                + " '[a-z]([-a-z0-9]*[a-z0-9])?')")),
                new Case("kind equal to listKind", c -> ((ObjectNode) c.get("spec").get("names")).put("listKind", "CronTab"),
                        List.of("spec.names.listKind: Invalid value: \"CronTab\": kind and listKind may not be the same")));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidCrdsAreRejected(Case c) {
        ObjectNode crd = crd();
        c.change().accept(crd);
        List<String> expected = c.expected().stream()
                .map(s -> s.replace("VERSIONS", crd.get("spec").get("versions").toString())).toList();
        assertThat(createErrors(rules, crd)).containsExactlyElementsOf(expected);
    }

    @Test
    void groupAndPluralAreImmutableAndStoredVersionsMustRemain() {
        ObjectNode old = crd();
        ((ObjectNode) old.get("metadata")).put("resourceVersion", "1");
        rules.applyDefaults(old);
        old.set("status", json("{'conditions':[{'type':'Established','status':'True'}],'storedVersions':['v1beta1','v1']}"));
        ObjectNode now = old.deepCopy();
        ((ObjectNode) now.get("spec")).put("scope", "Cluster");
        assertThat(strings(rules.validateUpdate(now, old))).containsExactly(
                "spec.scope: Invalid value: \"Cluster\": field is immutable",
                "status.storedVersions[0]: Invalid value: \"v1beta1\": must appear in spec.versions");
    }
}
