/**
 * Half-set FSC: resolution without a ground truth. It reconstructs (any
 * {@link org.tomocn.recon.Reconstructor}, the coordinate network included) and then measures
 * (the FSC of {@code org.tomocn.metrics}), so it sits above both packages; inside
 * {@code metrics} it made metrics depend on the reconstructions.
 */
package org.tomocn.halfset;
