/**
 * The ReplicaSet and ReplicationController controllers (upstream's pkg/controller/replicaset, whose
 * ReplicationController variant runs the same code through an adapter): keep as many active pods as an
 * owner asks for, adopting and releasing pods by selector, deleting the least valuable pods first, and
 * reporting replica counts and failures in the owner's status.
 */
package dev.tugboat.controllers.replicaset;
