package org.tomocn.metrics;

import java.util.Objects;

/** An {@link FscResult} with the name it is shown under (plot legend, CSV {@code volume} column). */
public final class NamedFsc {
	private final String name;
	private final FscResult result;

	public NamedFsc(String name, FscResult result) {
		this.name = Objects.requireNonNull(name, "name");
		this.result = Objects.requireNonNull(result, "result");
	}

	public String name() {
		return name;
	}

	public FscResult result() {
		return result;
	}
}
