package dev.tugboat.api.apiextensions.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tugboat.api.errors.FieldError;
import dev.tugboat.api.meta.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Schemas and objects for the tests: realistic CRD versions written as YAML, objects as JSON. */
final class Fixtures {

    /** The CronTab of the Kubernetes CRD documentation, with a default for replicas. */
    static final JsonNode CRONTAB = yaml("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  cronSpec:
                    type: string
                    pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                  image:
                    type: string
                  replicas:
                    type: integer
                    minimum: 1
                    maximum: 10
                    default: 1
              status:
                type: object
                properties:
                  replicas: {type: integer}
                  labelSelector: {type: string}
            """);

    /** One property per value keyword. */
    static final JsonNode WIDGET = yaml("""
            type: object
            properties:
              spec:
                type: object
                required: [size]
                properties:
                  size: {type: string, enum: [small, large]}
                  color: {type: string, enum: [red, blue]}
                  level: {type: integer, enum: [1, 2]}
                  count: {type: integer, minimum: 0, maximum: 10}
                  ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true}
                  big: {type: number, maximum: 1000000}
                  step: {type: integer, multipleOf: 5}
                  weight: {type: number, multipleOf: 0.5}
                  name: {type: string, minLength: 3, maxLength: 10}
                  tags:
                    type: array
                    minItems: 1
                    maxItems: 3
                    uniqueItems: true
                    items: {type: string}
                  labels:
                    type: object
                    minProperties: 1
                    maxProperties: 2
                    additionalProperties: {type: string}
                  strict:
                    type: object
                    properties:
                      a: {type: string}
                    additionalProperties: false
                  port: {x-kubernetes-int-or-string: true}
                  note: {type: string, nullable: true}
                  created: {type: string, format: date-time}
                  data: {type: string, format: byte}
                  wide: {type: integer, format: int32}
                  enabled: {type: boolean}
                  choice:
                    type: object
                    properties:
                      a: {type: string}
                      b: {type: string}
                      c: {type: string}
                    anyOf:
                    - required: [a]
                    - required: [b]
                  exclusive:
                    type: object
                    properties:
                      a: {type: string}
                      b: {type: string}
                    oneOf:
                    - required: [a]
                    - required: [b]
                  negated:
                    type: object
                    properties:
                      c: {type: string}
                    not:
                      required: [c]
                  both:
                    type: object
                    properties:
                      a: {type: string}
                    allOf:
                    - properties:
                        a: {maxLength: 1}
            """);

    /** Nested objects, a map list, a set, embedded resources, a preserved subtree and nullable fields. */
    static final JsonNode APP = yaml("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  replicas: {type: integer, default: 1}
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      required: [name]
                      properties:
                        name: {type: string}
                        port: {type: integer, maximum: 65535}
                        protocol: {type: string, default: TCP}
                  endpoints:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [host, port]
                    items:
                      type: object
                      properties:
                        host: {type: string}
                        port: {type: integer}
                  tags:
                    type: array
                    x-kubernetes-list-type: set
                    items: {type: string, maxLength: 5}
                  groups:
                    type: object
                    additionalProperties:
                      type: array
                      x-kubernetes-list-type: set
                      items: {type: string}
                  settings:
                    type: object
                    default: {}
                    properties:
                      mode: {type: string, default: auto}
                      level: {type: integer, default: 3}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      spec:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
                  config:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      known:
                        type: object
                        properties:
                          a: {type: string}
                  nullableNote: {type: string, nullable: true}
                  plainNote: {type: string}
                  defaultedNote: {type: string, default: none}
                  env:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        value: {type: string}
                  limits:
                    type: object
                    additionalProperties:
                      type: object
                      properties:
                        max: {type: integer, default: 10}
            """);

    private Fixtures() {
    }

    /** YAML text as the server holds a CRD: re-read through the JSON codec, so numbers have its node types. */
    static JsonNode yaml(String text) {
        try {
            return Json.parse(Json.bytes(Json.YAML.readTree(text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }
}
