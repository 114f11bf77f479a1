/**
 * The service-account controller: {@link dev.tugboat.controllers.serviceaccount.ServiceAccountController}
 * keeps a {@code default} ServiceAccount in every active namespace.
 */
package dev.tugboat.controllers.serviceaccount;
