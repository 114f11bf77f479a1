package dev.tugboat.api.jsonpath;

/** A JSONPath template that does not parse, or that fails while evaluating (client-go's messages). */
public final class JsonPathException extends RuntimeException {

    public JsonPathException(String message) {
        super(message, null, false, false);
    }
}
