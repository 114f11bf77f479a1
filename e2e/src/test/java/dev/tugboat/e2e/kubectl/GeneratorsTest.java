package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.Kubectl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kubectl's {@code create} generators and {@code expose}. kubectl 1.33 (what the dispatcher runs for
 * this server) sends the generators' objects as protobuf.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorsTest {

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createNamespaceMakesAnActiveNamespaceWithItsNameLabel() throws Exception {
        assertThat(cluster.ok("create", "namespace", "team-a")).isEqualTo("namespace/team-a created\n");

        JsonNode ns = cluster.json("get", "namespace", "team-a");
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Active");
        assertThat(ns.at("/spec/finalizers").toString()).isEqualTo("[\"kubernetes\"]");
        assertThat(ns.at("/metadata/labels").toString()).isEqualTo("{\"kubernetes.io/metadata.name\":\"team-a\"}");
        assertTable(cluster.ok("get", "ns", "team-a"), """
                NAME     STATUS   AGE
                team-a   Active   {age}
                """);
        Kubectl.Result again = cluster.run("create", "namespace", "team-a");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("Error from server (AlreadyExists): namespaces \"team-a\" already exists\n");
    }

    @Test
    void createConfigmapFromLiteralsAndFiles() throws Exception {
        String ns = cluster.newNamespace("configmap");
        Path file = cluster.write("settings.properties", "color=blue\nsize=2\n");

        assertThat(cluster.ok("create", "configmap", "app", "--from-literal=mode=fast", "--from-literal=level=3",
                "--from-file=" + file, "-n", ns)).isEqualTo("configmap/app created\n");

        JsonNode cm = cluster.json("get", "configmap", "app", "-n", ns);
        assertThat(cm.get("data").toString())
                .isEqualTo("{\"level\":\"3\",\"mode\":\"fast\",\"settings.properties\":\"color=blue\\nsize=2\\n\"}");
        assertTable(cluster.ok("get", "cm", "-n", ns), """
                NAME   DATA   AGE
                app    3      {age}
                """);
    }

    @Test
    void createSecretGenericStoresBase64Data() throws Exception {
        String ns = cluster.newNamespace("secret");

        assertThat(cluster.ok("create", "secret", "generic", "db", "--from-literal=user=admin",
                "--from-literal=password=s3cr3t", "-n", ns)).isEqualTo("secret/db created\n");

        JsonNode secret = cluster.json("get", "secret", "db", "-n", ns);
        assertThat(secret.get("type").asText()).isEqualTo("Opaque");
        assertThat(decode(secret.at("/data/user"))).isEqualTo("admin");
        assertThat(decode(secret.at("/data/password"))).isEqualTo("s3cr3t");
        assertTable(cluster.ok("get", "secrets", "-n", ns), """
                NAME   TYPE     DATA   AGE
                db     Opaque   2      {age}
                """);
    }

    @Test
    void createSecretTlsStoresTheCertificateAndKey() throws Exception {
        String ns = cluster.newNamespace("tls");
        Path dir = cluster.newDirectory("tls-");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=shop.example.com")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();

        assertThat(cluster.ok("create", "secret", "tls", "shop-tls", "--cert=" + cert, "--key=" + key, "-n", ns))
                .isEqualTo("secret/shop-tls created\n");

        JsonNode secret = cluster.json("get", "secret", "shop-tls", "-n", ns);
        assertThat(secret.get("type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(decode(secret.at("/data/tls.crt"))).isEqualTo(Files.readString(cert));
        assertThat(decode(secret.at("/data/tls.key"))).isEqualTo(Files.readString(key));
        assertTable(cluster.ok("get", "secret", "shop-tls", "-n", ns), """
                NAME       TYPE                DATA   AGE
                shop-tls   kubernetes.io/tls   2      {age}
                """);
    }

    @Test
    void createServiceaccount() throws Exception {
        String ns = cluster.newNamespace("sa");

        assertThat(cluster.ok("create", "serviceaccount", "robot", "-n", ns))
                .isEqualTo("serviceaccount/robot created\n");

        assertTable(cluster.ok("get", "sa", "robot", "-n", ns), """
                NAME    SECRETS   AGE
                robot   0         {age}
                """);
    }

    @Test
    void createDeploymentIsDefaultedAndListedWithNoReadyReplicas() throws Exception {
        String ns = cluster.newNamespace("deploy");

        assertThat(cluster.ok("create", "deployment", "shop", "--image=shop:1.2", "--replicas=3", "--port=8080",
                "-n", ns)).isEqualTo("deployment.apps/shop created\n");

        // Its ReplicaSet creates three pods, up to date but Pending (and so not ready) without nodes.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTable(
                cluster.ok("get", "deployments", "-n", ns, "-o", "wide"), """
                NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES     SELECTOR
                shop   0/3     3            0           {age}   shop         shop:1.2   app=shop
                """));
        JsonNode d = cluster.json("get", "deployment", "shop", "-n", ns);
        assertThat(d.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"shop\"}");
        assertThat(d.at("/metadata/generation").asInt()).isEqualTo(1);
        assertThat(d.at("/spec/selector").toString()).isEqualTo("{\"matchLabels\":{\"app\":\"shop\"}}");
        assertThat(d.at("/spec/strategy").toString())
                .isEqualTo("{\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"},\"type\":\"RollingUpdate\"}");
        assertThat(d.at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(d.at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(d.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(d.at("/spec/template/spec/containers/0/ports/0/protocol").asText()).isEqualTo("TCP");
        assertThat(d.at("/spec/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    }

    @Test
    void createDeploymentWithZeroReplicasKeepsZero() throws Exception {
        String ns = cluster.newNamespace("deploy-zero");

        cluster.ok("create", "deployment", "idle", "--image=idle", "--replicas=0", "-n", ns);

        assertThat(cluster.ok("get", "deploy", "idle", "-n", ns, "-o", "jsonpath={.spec.replicas}")).isEqualTo("0");
    }

    @Test
    void createServiceClusteripAllocatesAnAddress() throws Exception {
        String ns = cluster.newNamespace("svc-cip");

        assertThat(cluster.ok("create", "service", "clusterip", "api", "--tcp=80:8080", "--tcp=443:8443", "-n", ns))
                .isEqualTo("service/api created\n");

        assertTable(cluster.ok("get", "svc", "api", "-n", ns, "-o", "wide"), """
                NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)          AGE     SELECTOR
                api    ClusterIP   {ip}         <none>        80/TCP,443/TCP   {age}   app=api
                """);
        JsonNode svc = cluster.json("get", "svc", "api", "-n", ns);
        assertThat(svc.at("/spec/clusterIPs/0").asText()).isEqualTo(svc.at("/spec/clusterIP").asText());
        assertThat(svc.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        assertThat(svc.at("/spec/sessionAffinity").asText()).isEqualTo("None");
        List<String> ports = new ArrayList<>();
        svc.at("/spec/ports").forEach(p -> ports.add(p.get("name").asText() + " " + p.get("port").asInt() + "->"
                + p.get("targetPort").asInt() + "/" + p.get("protocol").asText()));
        assertThat(ports).containsExactly("80-8080 80->8080/TCP", "443-8443 443->8443/TCP");
    }

    @Test
    void createServiceClusteripNoneIsHeadless() throws Exception {
        String ns = cluster.newNamespace("svc-headless");

        cluster.ok("create", "service", "clusterip", "peers", "--clusterip=None", "-n", ns);

        assertTable(cluster.ok("get", "svc", "peers", "-n", ns), """
                NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
                peers   ClusterIP   None         <none>        <none>    {age}
                """);
    }

    @Test
    void createServiceNodeportAllocatesANodePortOrTakesTheRequestedOne() throws Exception {
        String ns = cluster.newNamespace("svc-np");

        assertThat(cluster.ok("create", "service", "nodeport", "web", "--tcp=80:8080", "-n", ns))
                .isEqualTo("service/web created\n");
        assertThat(cluster.ok("create", "service", "nodeport", "fixed", "--tcp=80:8080", "--node-port=30080", "-n", ns))
                .isEqualTo("service/fixed created\n");
        Kubectl.Result taken = cluster.run("create", "service", "nodeport", "clash", "--tcp=80:8080",
                "--node-port=30080", "-n", ns);
        Kubectl.Result outside = cluster.run("create", "service", "nodeport", "low", "--tcp=80:8080",
                "--node-port=20080", "-n", ns);

        assertTable(cluster.ok("get", "svc", "-n", ns), """
                NAME    TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)            AGE
                fixed   NodePort   {ip}         <none>        80:30080/TCP       {age}
                web     NodePort   {ip}         <none>        80:{nodeport}/TCP   {age}
                """);
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).isEqualTo("error: failed to create NodePort service: Service \"clash\" is invalid: "
                + "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n");
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.err()).isEqualTo("error: failed to create NodePort service: Service \"low\" is invalid: "
                + "spec.ports[0].nodePort: Invalid value: 20080: provided port is not in the valid range. "
                + "The range of valid ports is 30000-32767\n");
    }

    @Test
    void exposeDeploymentMakesAServiceSelectingItsPods() throws Exception {
        String ns = cluster.newNamespace("expose");
        cluster.ok("create", "deployment", "shop", "--image=shop:1", "--port=8080", "-n", ns);

        assertThat(cluster.ok("expose", "deployment", "shop", "--port=80", "--target-port=8080", "-n", ns))
                .isEqualTo("service/shop exposed\n");
        assertThat(cluster.ok("expose", "deployment/shop", "--name=shop-np", "--type=NodePort", "--port=80", "-n", ns))
                .isEqualTo("service/shop-np exposed\n");

        assertTable(cluster.ok("get", "svc", "-n", ns, "-o", "wide"), """
                NAME      TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)            AGE     SELECTOR
                shop      ClusterIP   {ip}         <none>        80/TCP             {age}   app=shop
                shop-np   NodePort    {ip}         <none>        80:{nodeport}/TCP   {age}   app=shop
                """);
        JsonNode svc = cluster.json("get", "svc", "shop", "-n", ns);
        assertThat(svc.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"shop\"}");
        assertThat(svc.at("/spec/selector").toString()).isEqualTo("{\"app\":\"shop\"}");
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
        // Without --target-port, expose uses the service port.
        assertThat(cluster.json("get", "svc", "shop-np", "-n", ns).at("/spec/ports/0/targetPort").asInt())
                .isEqualTo(80);
    }

    @Test
    void exposeOfAMissingDeploymentIsNotFound() throws Exception {
        String ns = cluster.newNamespace("expose-missing");

        Kubectl.Result r = cluster.run("expose", "deployment", "nope", "--port=80", "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (NotFound): deployments.apps \"nope\" not found\n");
    }

    @Test
    void createInAMissingNamespaceIsNotFound() throws Exception {
        Kubectl.Result r = cluster.run("create", "configmap", "x", "-n", "no-such-namespace");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: failed to create configmap: namespaces \"no-such-namespace\" not found\n");
    }

    @Test
    void createWithServerDryRunStoresNothing() throws Exception {
        String ns = cluster.newNamespace("dry-run");

        assertThat(cluster.ok("create", "configmap", "probe", "--from-literal=a=1", "--dry-run=server", "-n", ns))
                .isEqualTo("configmap/probe created (server dry run)\n");

        assertThat(cluster.run("get", "cm", "probe", "-n", ns).err())
                .isEqualTo("Error from server (NotFound): configmaps \"probe\" not found\n");
    }

    @Test
    void generatorObjectsCarryNoGoZeroValues() throws Exception {
        String ns = cluster.newNamespace("zero-values");
        cluster.ok("create", "configmap", "plain", "-n", ns);
        cluster.ok("create", "deployment", "web", "--image=nginx", "--port=80", "-n", ns);
        cluster.ok("create", "service", "clusterip", "web", "--tcp=80:8080", "-n", ns);

        assertThat(cluster.json("get", "cm", "plain", "-n", ns).at("/metadata").has("generation")).isFalse();
        JsonNode template = cluster.json("get", "deploy", "web", "-n", ns).at("/spec/template");
        assertThat(template.at("/metadata").has("generation")).isFalse();
        assertThat(template.at("/spec/containers/0/ports/0").has("hostPort")).isFalse();
        assertThat(template.at("/spec/containers/0").has("stdin")).isFalse();
        assertThat(template.at("/spec").has("hostNetwork")).isFalse();
        assertThat(cluster.json("get", "svc", "web", "-n", ns).at("/spec/ports/0").has("nodePort")).isFalse();
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}
