package dev.tugboat.api.patch.strategic;

import static dev.tugboat.api.patch.TestJson.json;
import static dev.tugboat.api.patch.TestJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.ApiException;
import dev.tugboat.api.patch.JsonValues;
import dev.tugboat.api.patch.TestSchemas;
import dev.tugboat.api.schema.Schema;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StrategicMergePatchTest {

    static final StrategicMergePatch DEPLOYMENT = new StrategicMergePatch(TestSchemas.DEPLOYMENT);
    static final StrategicMergePatch CONFIG_MAP = new StrategicMergePatch(TestSchemas.CONFIG_MAP);

    record Case(String name, Schema schema, String live, String patch, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String containers(String list) {
        return "{'spec':{'template':{'spec':{'containers':" + list + "}}}}";
    }

    static String podSpec(String body) {
        return "{'spec':{'template':{'spec':" + body + "}}}";
    }

    static Case d(String name, String live, String patch, String want) {
        return new Case(name, TestSchemas.DEPLOYMENT, live, patch, want);
    }

    /** Table S of patch-apply-facts §5 (the parts that do not involve the server) and §1.6. */
    static Stream<Case> cases() {
        return Stream.of(
                new Case("S1 null deletes a label and new labels are added", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'labels':{'x':'1','y':'2'}}}", "{'metadata':{'labels':{'x':null,'z':'3'}}}",
                        "{'metadata':{'labels':{'y':'2','z':'3'}}}"),
                d("S2 a container merges by name and others are untouched",
                        containers("[{'name':'app','image':'a:1'},{'name':'side','image':'s'}]"),
                        containers("[{'name':'app','image':'a:2'}]"),
                        containers("[{'name':'app','image':'a:2'},{'name':'side','image':'s'}]")),
                d("S3 a new container without order directive is prepended",
                        containers("[{'name':'app','image':'a:1'}]"), containers("[{'name':'new','image':'n'}]"),
                        containers("[{'name':'new','image':'n'},{'name':'app','image':'a:1'}]")),
                d("S4 setElementOrder puts the new container last",
                        containers("[{'name':'app','image':'a:1'}]"),
                        podSpec("{'$setElementOrder/containers':[{'name':'app'},{'name':'new'}],"
                                + "'containers':[{'name':'new','image':'n'}]}"),
                        containers("[{'name':'app','image':'a:1'},{'name':'new','image':'n'}]")),
                d("S5 a delete element removes the container",
                        containers("[{'name':'app'},{'name':'side'}]"), containers("[{'name':'side','$patch':'delete'}]"),
                        containers("[{'name':'app'}]")),
                d("S6 an env item is deleted inside a container",
                        containers("[{'name':'app','image':'a:1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]"),
                        podSpec("{'$setElementOrder/containers':[{'name':'app'}],'containers':[{'name':'app',"
                                + "'$setElementOrder/env':[{'name':'A'}],'env':[{'name':'B','$patch':'delete'}]}]}"),
                        containers("[{'name':'app','image':'a:1','env':[{'name':'A','value':'1'}]}]")),
                d("S7 only setElementOrder reorders and keeps server-only items in place",
                        containers("[{'name':'a','image':'1'},{'name':'x','image':'2'},{'name':'b','image':'3'}]"),
                        podSpec("{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}"),
                        containers("[{'name':'x','image':'2'},{'name':'b','image':'3'},{'name':'a','image':'1'}]")),
                d("S8 a list without merge strategy is replaced",
                        podSpec("{'tolerations':[{'key':'t1'},{'key':'t2'}]}"), podSpec("{'tolerations':[{'key':'t3'}]}"),
                        podSpec("{'tolerations':[{'key':'t3'}]}")),
                new Case("S9 deleteFromPrimitiveList removes a finalizer", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'finalizers':['a','b']}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b'],'$setElementOrder/finalizers':['a']}}",
                        "{'metadata':{'finalizers':['a']}}"),
                new Case("S10 a new finalizer is prepended", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['c']}}",
                        "{'metadata':{'finalizers':['c','a','b']}}"),
                d("S11 retainKeys drops the defaulted rollingUpdate",
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':null}}}",
                        "{'spec':{'strategy':{'type':'Recreate'}}}"),
                new Case("S13 $patch replace replaces a map", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'labels':{'x':'1'}}}", "{'metadata':{'labels':{'$patch':'replace','y':'2'}}}",
                        "{'metadata':{'labels':{'y':'2'}}}"),
                d("S14 a replace element replaces the whole list",
                        containers("[{'name':'app'},{'name':'side'}]"),
                        containers("[{'$patch':'replace'},{'name':'only','image':'o'}]"),
                        containers("[{'name':'only','image':'o'}]")),
                d("S16 null deletes replicas (the server re-defaults it)", "{'spec':{'replicas':5,'paused':false}}",
                        "{'spec':{'replicas':null}}", "{'spec':{'paused':false}}"),
                d("S17 nulls inside a new map are never stored", podSpec("{'restartPolicy':'Always'}"),
                        podSpec("{'affinity':{'nodeAffinity':null,'podAffinity':{}}}"),
                        podSpec("{'restartPolicy':'Always','affinity':{'podAffinity':{}}}")),
                d("S18 container ports merge by containerPort only",
                        containers("[{'name':'app','ports':[{'containerPort':80,'protocol':'TCP'}]}]"),
                        containers("[{'name':'app','ports':[{'containerPort':80,'protocol':'UDP'}]}]"),
                        containers("[{'name':'app','ports':[{'containerPort':80,'protocol':'UDP'}]}]")),
                d("patch [a,c] onto [a,b] gives [a,c,b]", containers("[{'name':'a'},{'name':'b'}]"),
                        containers("[{'name':'a'},{'name':'c'}]"), containers("[{'name':'a'},{'name':'c'},{'name':'b'}]")),
                new Case("order [2,1,4,3] on live [1,2,9,3,4] gives [2,1,9,4,3]", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'finalizers':['1','2','9','3','4']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['2','1','4','3']}}",
                        "{'metadata':{'finalizers':['2','1','9','4','3']}}"),
                new Case("setElementOrder [a,b,c] with patch [c] gives [a,b,c]", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'finalizers':['a','b']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['a','b','c'],'finalizers':['c']}}",
                        "{'metadata':{'finalizers':['a','b','c']}}"),
                new Case("a scalar merge list deduplicates", TestSchemas.CONFIG_MAP,
                        "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['b','c']}}",
                        "{'metadata':{'finalizers':['a','b','c']}}"),
                d("numeric merge keys compare by value", containers("[{'name':'app','ports':[{'containerPort':80}]}]"),
                        containers("[{'name':'app','ports':[{'containerPort':80.0,'name':'http'}]}]"),
                        containers("[{'name':'app','ports':[{'containerPort':80,'name':'http'}]}]")),
                d("deleteFromPrimitiveList on a missing list leaves it missing", "{'metadata':{'name':'web'}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['x']}}", "{'metadata':{'name':'web'}}"),
                d("deleteFromPrimitiveList works whatever the list strategy",
                        containers("[{'name':'app','args':['a','b','c']}]"),
                        containers("[{'name':'app','$deleteFromPrimitiveList/args':['b']}]"),
                        containers("[{'name':'app','args':['a','c']}]")),
                d("$patch delete on a map empties it", "{'spec':{'strategy':{'type':'Recreate'}}}",
                        "{'spec':{'strategy':{'$patch':'delete'}}}", "{'spec':{'strategy':{}}}"),
                d("a new map carrying $patch is dropped entirely", "{'spec':{'replicas':1}}",
                        "{'spec':{'strategy':{'$patch':'replace','type':'Recreate'}}}", "{'spec':{'replicas':1}}"),
                d("directives inside a new value are stripped", "{'spec':{'replicas':1}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'},"
                                + "'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],"
                                + "'containers':[{'name':'a','env':[{'name':'X','$patch':'delete'}]}]}}}}",
                        "{'spec':{'replicas':1,'strategy':{'type':'Recreate'},'template':{'spec':{'containers':"
                                + "[{'name':'a','env':[]}]}}}}"),
                d("a new container has its nulls and directives cleaned", containers("[{'name':'app'}]"),
                        podSpec("{'$setElementOrder/containers':[{'name':'app'},{'name':'n'}],"
                                + "'containers':[{'name':'n','image':'x','args':null,'env':[{'name':'E','$patch':'delete'}]}]}"),
                        containers("[{'name':'app'},{'name':'n','image':'x','env':[]}]")),
                d("volume retainKeys switches the source inside an item",
                        podSpec("{'volumes':[{'name':'v','emptyDir':{}}]}"),
                        podSpec("{'$setElementOrder/volumes':[{'name':'v'}],'volumes':[{'name':'v',"
                                + "'$retainKeys':['configMap','name'],'configMap':{'name':'cm'},'emptyDir':null}]}"),
                        podSpec("{'volumes':[{'name':'v','configMap':{'name':'cm'}}]}")),
                d("unknown fields merge as maps and replace lists",
                        "{'spec':{'x':{'a':1,'l':[1,2]}}}", "{'spec':{'x':{'b':2,'l':[3]}}}",
                        "{'spec':{'x':{'a':1,'l':[3],'b':2}}}"),
                d("a value of another kind replaces", "{'spec':{'replicas':1}}", "{'spec':{'replicas':{'a':1}}}",
                        "{'spec':{'replicas':{'a':1}}}"),
                d("a delete element removes every item with the key",
                        containers("[{'name':'a','image':'1'},{'name':'a','image':'2'},{'name':'b'}]"),
                        containers("[{'name':'a','$patch':'delete'}]"), containers("[{'name':'b'}]")),
                d("a patch item merges into the first item with its key",
                        containers("[{'name':'a','image':'1'},{'name':'a','image':'2'}]"),
                        containers("[{'name':'a','image':'3'}]"),
                        containers("[{'name':'a','image':'3'},{'name':'a','image':'2'}]")),
                d("an empty patch list on an empty live list stays empty", containers("[]"), containers("[]"),
                        containers("[]")),
                d("the real captured kubectl apply patch of kubectl-wire §9.1",
                        "{'metadata':{'labels':{'app':'web','old':'x'}},'spec':{'strategy':{'type':'RollingUpdate',"
                                + "'rollingUpdate':{'maxSurge':'25%'}},'template':{'spec':{'containers':["
                                + "{'name':'a','image':'nginx','args':['x'],'env':[{'name':'A'},{'name':'B'}],"
                                + "'ports':[{'containerPort':80},{'containerPort':443}],'volumeMounts':[{'mountPath':'/m'}]},"
                                + "{'name':'b','image':'busybox'}],'tolerations':[{'key':'k'}],"
                                + "'volumes':[{'name':'v1','emptyDir':{}}]}}}}",
                        "{'metadata':{'labels':{'old':null}},"
                                + "'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'},"
                                + "'template':{'spec':{"
                                + "'$setElementOrder/containers':[{'name':'c'},{'name':'a'}],"
                                + "'$setElementOrder/volumes':[{'name':'v2'}],"
                                + "'containers':[{'image':'redis','name':'c'},"
                                + "{'$setElementOrder/env':[{'name':'B'}],'$setElementOrder/ports':[{'containerPort':80}],"
                                + "'args':['y'],'env':[{'$patch':'delete','name':'A'}],'name':'a',"
                                + "'ports':[{'$patch':'delete','containerPort':443}],'volumeMounts':null},"
                                + "{'$patch':'delete','name':'b'}],"
                                + "'tolerations':null,"
                                + "'volumes':[{'configMap':{'name':'cm'},'name':'v2'},{'$patch':'delete','name':'v1'}]}}}}",
                        "{'metadata':{'labels':{'app':'web'}},'spec':{'strategy':{'type':'Recreate'},"
                                + "'template':{'spec':{'containers':[{'image':'redis','name':'c'},"
                                + "{'name':'a','image':'nginx','args':['y'],'env':[{'name':'B'}],'ports':[{'containerPort':80}]}],"
                                + "'volumes':[{'configMap':{'name':'cm'},'name':'v2'}]}}}}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mergesAsKubeApiserverDoes(Case c) {
        ObjectNode live = obj(c.live());
        JsonNode patch = json(c.patch());
        JsonNode liveBefore = live.deepCopy();
        JsonNode patchBefore = patch.deepCopy();

        ObjectNode got = new StrategicMergePatch(c.schema()).apply(live, patch);

        assertThat(JsonValues.equal(got, json(c.want()))).as("%s equals %s", got, c.want()).isTrue();
        assertThat(live).as("live untouched").isEqualTo(liveBefore);
        assertThat(patch).as("patch untouched").isEqualTo(patchBefore);
    }

    record Failure(String name, String live, String patch, Class<? extends ApiException> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Failure> failures() {
        return Stream.of(
                new Failure("S12 a key outside $retainKeys", "{'spec':{'strategy':{'type':'RollingUpdate'}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','foo':'x'}}}",
                        ApiException.BadRequest.class, "invalid patch format of retainKeys"),
                new Failure("S15 an item without the merge key", containers("[{'name':'app'}]"),
                        containers("[{'image':'z'}]"), ApiException.BadRequest.class,
                        "map: map[image:z] does not contain declared merge key: name"),
                new Failure("$retainKeys that is not a list", "{'spec':{'strategy':{}}}",
                        "{'spec':{'strategy':{'$retainKeys':'type'}}}", ApiException.BadRequest.class,
                        "invalid patch format of retainKeys"),
                new Failure("an unknown $patch in a map", "{'spec':{'strategy':{}}}",
                        "{'spec':{'strategy':{'$patch':'merge'}}}", ApiException.BadRequest.class,
                        "unknown patch type: merge in map: map[$patch:merge]"),
                new Failure("a $patch merge element", containers("[{'name':'app'}]"),
                        containers("[{'name':'app','$patch':'merge'}]"), ApiException.BadRequest.class,
                        "merging lists cannot yet be specified in the patch"),
                new Failure("a delete element without the merge key", containers("[{'name':'app'}]"),
                        containers("[{'$patch':'delete'}]"), ApiException.BadRequest.class,
                        "map: map[$patch:delete] does not contain declared merge key: name"),
                new Failure("patch items out of setElementOrder's order", containers("[{'name':'a'},{'name':'b'}]"),
                        podSpec("{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],"
                                + "'containers':[{'name':'b'},{'name':'a'}]}"),
                        ApiException.BadRequest.class, "the order in patch list:\n[map[name:b] map[name:a]]\n doesn't match "
                                + "$setElementOrder list:\n[map[name:a] map[name:b]]"),
                new Failure("a deleteFromPrimitiveList key without a field", "{'metadata':{'finalizers':['a']}}",
                        "{'metadata':{'$deleteFromPrimitiveListfinalizers':['a']}}", ApiException.BadRequest.class,
                        "invalid patch format of primitive list"),
                new Failure("a setElementOrder that is not a list", "{'metadata':{'finalizers':['a']}}",
                        "{'metadata':{'$setElementOrder/finalizers':'a'}}", ApiException.BadRequest.class,
                        "invalid patch format of setElementOrder list"),
                new Failure("a list of lists", "{'metadata':{'finalizers':[['a']]}}",
                        "{'metadata':{'finalizers':[['b']]}}", ApiException.Invalid.class,
                        "lists of lists are not supported"),
                new Failure("mixed item types", "{'metadata':{'finalizers':['a']}}",
                        "{'metadata':{'finalizers':[{'b':1}]}}", ApiException.BadRequest.class,
                        "list element types are not identical: [[a] [map[b:1]]]"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void malformedPatchesFailWithUpstreamMessages(Failure f) {
        ObjectNode live = obj(f.live());

        assertThatThrownBy(() -> DEPLOYMENT.apply(live, json(f.patch())))
                .isInstanceOf(f.type())
                .hasMessage(f.message());
    }

    @Test
    void aNonObjectPatchIsABadRequestAndANullPatchChangesNothing() {
        ObjectNode live = obj("{'data':{'a':'1'}}");

        assertThatThrownBy(() -> CONFIG_MAP.apply(live, json("[1]")))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessage("json: cannot unmarshal array into Go value of type map[string]interface {}");
        assertThat(CONFIG_MAP.apply(live, json("null"))).isEqualTo(live);
    }

    @Test
    void newKeysAreAppendedAfterExistingOnes() {
        ObjectNode got = CONFIG_MAP.apply(obj("{'data':{'b':'1','a':'2'}}"), json("{'data':{'c':'3','a':'4'}}"));

        java.util.List<String> keys = new java.util.ArrayList<>();
        got.get("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("b", "a", "c");
    }
}
