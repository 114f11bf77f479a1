package dev.tugboat.client.rest;

/** What happens to an object's dependents when it is deleted ({@code DeleteOptions.propagationPolicy}). */
public enum PropagationPolicy {
    /** The dependents lose their ownerReference to the owner and stay. */
    Orphan,
    /** The owner goes at once; the garbage collector deletes the dependents afterwards. */
    Background,
    /** The dependents (those blocking owner deletion) go first, then the owner. */
    Foreground
}
