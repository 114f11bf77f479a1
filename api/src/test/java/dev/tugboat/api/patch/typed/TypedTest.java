package dev.tugboat.api.patch.typed;

import static dev.tugboat.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.patch.TestSchemas;
import dev.tugboat.api.patch.fieldpath.FieldSet;
import dev.tugboat.api.patch.fieldpath.FieldsV1;
import dev.tugboat.api.patch.fieldpath.Path;
import dev.tugboat.api.schema.Schema;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TypedTest {

    static final SsaType DEPLOYMENT = SsaType.of(TestSchemas.DEPLOYMENT);
    static final SsaType CONFIG_MAP = SsaType.of(TestSchemas.CONFIG_MAP);
    static final SsaType WIDGET = SsaType.of(TestSchemas.WIDGET);

    static final String APPLIED_DEPLOYMENT = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
            + "'labels':{'app':'web'}},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},'template':"
            + "{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx','image':'nginx',"
            + "'ports':[{'containerPort':80,'protocol':'TCP'}]}]}}}}";

    static String encode(FieldSet set) {
        return Json.string(FieldsV1.encode(set)).replace('"', '\'');
    }

    record SetCase(String name, Schema schema, String config, String fieldsV1) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<SetCase> fieldSets() {
        return Stream.of(
                new SetCase("the §3.2 Deployment (metadata fields before stripping)", TestSchemas.DEPLOYMENT,
                        APPLIED_DEPLOYMENT,
                        "{'f:apiVersion':{},'f:kind':{},'f:metadata':{'f:labels':{'f:app':{}},'f:name':{}},'f:spec':"
                                + "{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},"
                                + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{},"
                                + "'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},"
                                + "'f:containerPort':{},'f:protocol':{}}}}}}}}}"),
                new SetCase("a port without protocol is keyed with the default but owns no protocol",
                        TestSchemas.DEPLOYMENT,
                        "{'spec':{'template':{'spec':{'containers':[{'name':'n','ports':[{'containerPort':80}]}]}}}}",
                        "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'n\\'}':{'.':{},'f:name':{},"
                                + "'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},"
                                + "'f:containerPort':{}}}}}}}}}"),
                new SetCase("ConfigMap data keys", TestSchemas.CONFIG_MAP, "{'data':{'a':'1'}}", "{'f:data':{'f:a':{}}}"),
                new SetCase("finalizers are set items", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'finalizers':['example.com/a']}}",
                        "{'f:metadata':{'f:finalizers':{'v:\\'example.com/a\\'':{}}}}"),
                new SetCase("owner references are atomic items", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'ownerReferences':[{'uid':'6b1e','name':'x','kind':'K','apiVersion':'v1'}]}}",
                        "{'f:metadata':{'f:ownerReferences':{'k:{\\'uid\\':\\'6b1e\\'}':{}}}}"),
                new SetCase("atomic lists and maps are leaves", TestSchemas.DEPLOYMENT,
                        "{'spec':{'template':{'spec':{'tolerations':[{'key':'a'}],'nodeSelector':{'a':'b'},"
                                + "'containers':[{'name':'c','args':[]}]}}}}",
                        "{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},"
                                + "'f:args':{},'f:name':{}}},'f:nodeSelector':{},'f:tolerations':{}}}}}"),
                new SetCase("null values and empty maps own their path", TestSchemas.DEPLOYMENT,
                        "{'spec':{'replicas':null,'strategy':{},'template':{'spec':{'affinity':null,"
                                + "'volumes':[{'name':'v','emptyDir':{}}]}}}}",
                        "{'f:spec':{'f:replicas':{},'f:strategy':{},'f:template':{'f:spec':{'f:affinity':{},"
                                + "'f:volumes':{'k:{\\'name\\':\\'v\\'}':{'.':{},'f:emptyDir':{},'f:name':{}}}}}}}"),
                new SetCase("an empty associative list contributes nothing", TestSchemas.DEPLOYMENT,
                        "{'spec':{'template':{'spec':{'containers':[]}}}}", "{}"),
                new SetCase("deduced subtrees: maps granular, lists atomic", TestSchemas.WIDGET,
                        "{'spec':{'extra':{'a':{'b':1},'l':[1,2]}}}",
                        "{'f:spec':{'f:extra':{'f:a':{'.':{},'f:b':{}},'f:l':{}}}}"),
                new SetCase("a custom resource set list", TestSchemas.WIDGET, "{'spec':{'tags':['a','b']}}",
                        "{'f:spec':{'f:tags':{'v:\\'a\\'':{},'v:\\'b\\'':{}}}}"));
    }

    @ParameterizedTest
    @MethodSource("fieldSets")
    void configurationsOwnTheFieldsTheySpecify(SetCase c) {
        FieldSet set = FieldSetExtractor.extract(json(c.config()), SsaType.of(c.schema()));

        assertThat(encode(set)).isEqualTo(c.fieldsV1());
    }

    record OrderCase(String live, String config, String want) {
    }

    /** The associative-list order examples of §2.5, on containers named by letters. */
    static Stream<OrderCase> orders() {
        return Stream.of(
                new OrderCase("abc", "cb", "acb"),
                new OrderCase("abc", "ca", "bca"),
                new OrderCase("abcd", "defa", "bcdefa"),
                new OrderCase("abcgf", "cdef", "abcgdef"),
                new OrderCase("as", "ab", "asb"),
                new OrderCase("", "ab", "ab"),
                new OrderCase("ab", "", "ab"));
    }

    static String containers(String names) {
        StringBuilder sb = new StringBuilder("{'spec':{'template':{'spec':{'containers':[");
        for (int i = 0; i < names.length(); i++) {
            sb.append(i == 0 ? "" : ",").append("{'name':'").append(names.charAt(i)).append("'}");
        }
        return sb.append("]}}}}").toString();
    }

    @ParameterizedTest
    @MethodSource("orders")
    void associativeListsMergeInUpstreamOrder(OrderCase c) {
        JsonNode merged = TypedMerge.merge(json(containers(c.live())), json(containers(c.config())), DEPLOYMENT);

        assertThat(merged).isEqualTo(json(containers(c.want())));
    }

    @Test
    void mergeKeepsLiveKeysAndMergesMatchingItems() {
        JsonNode live = json("{'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'a','image':'1',"
                + "'ports':[{'containerPort':80,'protocol':'TCP','name':'http'}]}]}}}}");
        JsonNode config = json("{'spec':{'replicas':5,'template':{'spec':{'containers':[{'name':'a',"
                + "'ports':[{'containerPort':80}]}]}}}}");

        assertThat(TypedMerge.merge(live, config, DEPLOYMENT)).isEqualTo(json("{'spec':{'replicas':5,'template':"
                + "{'spec':{'containers':[{'name':'a','image':'1','ports':[{'containerPort':80,'protocol':'TCP',"
                + "'name':'http'}]}]}}}}"));
    }

    @Test
    void atomicValuesAreReplacedWholeAndNullGranularMapsKeepLiveEntries() {
        JsonNode live = json("{'spec':{'selector':{'matchLabels':{'a':'1','b':'2'}},'template':{'metadata':"
                + "{'labels':{'x':'1'}}}}}");
        JsonNode config = json("{'spec':{'selector':{'matchLabels':{'c':'3'}},'template':{'metadata':{'labels':null}}}}");

        assertThat(TypedMerge.merge(live, config, DEPLOYMENT)).isEqualTo(json("{'spec':{'selector':{'matchLabels':"
                + "{'c':'3'}},'template':{'metadata':{'labels':{'x':'1'}}}}}"));
    }

    @Test
    void comparisonReportsLeavesAndCreatedContainers() {
        JsonNode left = json("{'metadata':{'name':'c'},'data':{'a':'1','b':'2'}}");
        JsonNode right = json("{'metadata':{'name':'c','labels':{'x':'y'}},'data':{'a':'9'}}");

        Comparison c = TypedCompare.compare(left, right, CONFIG_MAP);

        assertThat(c.modified().paths()).containsExactly(Path.fields("data", "a"));
        assertThat(c.removed().paths()).containsExactly(Path.fields("data", "b"));
        assertThat(c.added().paths()).containsExactly(Path.fields("metadata", "labels"),
                Path.fields("metadata", "labels", "x"));
    }

    @Test
    void comparingFromNothingAddsEverythingWithDotMarkersForNewMaps() {
        Comparison c = TypedCompare.compare(json("{}"), json("{'metadata':{'annotations':{'k':'v'}},'data':{'a':'1'}}"),
                CONFIG_MAP);

        assertThat(encode(c.added())).isEqualTo("{'f:data':{'.':{},'f:a':{}},'f:metadata':{'.':{},"
                + "'f:annotations':{'.':{},'f:k':{}}}}");
        assertThat(TypedCompare.compare(json("{'a':1}"), json("{'a':1.0}"), SsaType.of(null)).isEmpty()).isTrue();
    }

    @Test
    void removalDropsPathsAndEmptiedContainers() {
        JsonNode obj = json("{'metadata':{'labels':{'a':'1'},'name':'x'},'spec':{'replicas':3,'template':{'spec':"
                + "{'containers':[{'name':'a','image':'1'},{'name':'b'}]}}}}");
        FieldSet remove = FieldSet.of(Path.fields("metadata", "labels", "a"), Path.fields("spec", "replicas"),
                Path.fields("spec", "template", "spec", "containers").child(
                        ListItems.elementOf(SsaType.of(TestSchemas.POD_SPEC).field("containers"), json("{'name':'a'}"))));

        assertThat(ItemRemoval.remove(obj, remove, DEPLOYMENT)).isEqualTo(json("{'metadata':{'name':'x'},'spec':"
                + "{'template':{'spec':{'containers':[{'name':'b'}]}}}}"));
    }

    @Test
    void namedStructFieldsBecomeMembersButMapKeysAndItemsDoNot() {
        FieldSet set = FieldSetExtractor.extract(json(APPLIED_DEPLOYMENT), DEPLOYMENT);

        FieldSet ensured = NamedFields.ensureMembers(set, DEPLOYMENT);

        assertThat(ensured.has(Path.fields("spec", "template"))).isTrue();
        assertThat(ensured.has(Path.fields("metadata", "labels"))).isTrue();
        assertThat(ensured.has(Path.fields("spec", "template", "spec", "containers"))).isTrue();
        assertThat(ensured.members()).doesNotContain(new dev.tugboat.api.patch.fieldpath.PathElement.Field("x"));
    }

    record Invalid(String name, Schema schema, String config, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalids() {
        return Stream.of(
                new Invalid("an undeclared field", TestSchemas.DEPLOYMENT, "{'spec':{'foo':1}}",
                        List.of(".spec.foo: field not declared in schema")),
                new Invalid("duplicate container names", TestSchemas.DEPLOYMENT,
                        "{'spec':{'template':{'spec':{'containers':[{'name':'x'},{'name':'x'}]}}}}",
                        List.of(".spec.template.spec.containers: duplicate entries for key [name=\"x\"]")),
                new Invalid("a missing key without default", TestSchemas.DEPLOYMENT,
                        "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}",
                        List.of(".spec.template.spec.containers: element 0: associative list with keys has an element that "
                                + "omits key field \"name\" (and doesn't have default value)")),
                new Invalid("wrong scalar kinds", TestSchemas.DEPLOYMENT, "{'spec':{'replicas':'3','paused':1}}",
                        List.of(".spec.replicas: expected numeric (int or float), got string",
                                ".spec.paused: expected boolean, got 1")),
                new Invalid("a string field given a number", TestSchemas.CONFIG_MAP, "{'data':{'a':1}}",
                        List.of(".data.a: expected string, got 1")),
                new Invalid("a map given a list", TestSchemas.CONFIG_MAP, "{'metadata':[]}",
                        List.of(".metadata: expected map, got []")),
                new Invalid("an unknown field inside an item", TestSchemas.DEPLOYMENT,
                        "{'spec':{'template':{'spec':{'containers':[{'name':'a','bogus':true}]}}}}",
                        List.of(".spec.template.spec.containers[name=\"a\"].bogus: field not declared in schema")),
                new Invalid("a set item that is a map", TestSchemas.CONFIG_MAP, "{'metadata':{'finalizers':[{'a':1}]}}",
                        List.of(".metadata.finalizers: element 0: associative list without keys has an element that's a "
                                + "map type")));
    }

    @ParameterizedTest
    @MethodSource("invalids")
    void configurationsThatDoNotFitTheSchemaAreReported(Invalid c) {
        assertThat(TypedValidator.validate(json(c.config()), SsaType.of(c.schema()))).isEqualTo(c.errors());
    }

    @Test
    void fittingConfigurationsAndDeducedSubtreesValidate() {
        assertThat(TypedValidator.validate(json(APPLIED_DEPLOYMENT), DEPLOYMENT)).isEmpty();
        assertThat(TypedValidator.validate(json("{'spec':{'extra':{'anything':[1,{'x':null}]}}}"), WIDGET)).isEmpty();
        assertThat(TypedValidator.describe(List.of("a", "b"))).isEqualTo("errors:\n  a\n  b");
    }
}
