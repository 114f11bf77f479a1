/**
 * The resource quota controller: {@link dev.tugboat.controllers.resourcequota.ResourceQuotaController}
 * keeps each ResourceQuota's {@code status.used}; {@link dev.tugboat.api.quota.QuotaUsage}
 * is the pure usage arithmetic. Enforcement is the API server's ResourceQuota admission.
 */
package dev.tugboat.controllers.resourcequota;
