package dev.tugboat.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.meta.Json;

/**
 * What {@code /version} reports. The Kubernetes API level decides which kubectl the machine's
 * dispatcher runs, so it is the level this server implements.
 */
public final class VersionInfo {

    public static final String MAJOR = "1";
    public static final String MINOR = "33";
    public static final String GIT_VERSION = "v1.33.0+tugboat";

    private VersionInfo() {
    }

    public static ObjectNode json() {
        ObjectNode v = Json.object();
        v.put("major", MAJOR);
        v.put("minor", MINOR);
        v.put("emulationMajor", MAJOR);
        v.put("emulationMinor", MINOR);
        v.put("minCompatibilityMajor", MAJOR);
        v.put("minCompatibilityMinor", Integer.toString(Integer.parseInt(MINOR) - 1));
        v.put("gitVersion", GIT_VERSION);
        Package p = VersionInfo.class.getPackage();
        String impl = p == null ? null : p.getImplementationVersion();
        v.put("gitCommit", impl == null ? "unknown" : impl);
        v.put("gitTreeState", "clean");
        v.put("buildDate", "1970-01-01T00:00:00Z");
        v.put("goVersion", "java" + Runtime.version().feature());
        v.put("compiler", "javac");
        v.put("platform", "linux/amd64");
        return v;
    }
}
