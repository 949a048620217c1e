package org.tomocn.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.tomocn.core.TomoInputException;

/**
 * The phantoms {@link Phantoms} can build, with the names users type ({@code phantom=...} in
 * the launcher and in macros).
 */
public enum PhantomType {
	/** Hollow spheres of constant density in a slab (the paper's first data set, section 2.3). */
	SPHERES("spheres"),
	/** Mixed binarised shapes in random orientations (the paper's second data set, section 2.3). */
	SHAPES("shapes"),
	/** The 3-D modified Shepp-Logan head phantom (ten ellipsoids). */
	SHEPP_LOGAN("shepp-logan"),
	/** A virus-like particle standing in for the paper's P22: icosahedral capsid with a tail. */
	VIRUS("virus");

	private final String userName;

	PhantomType(String userName) {
		this.userName = userName;
	}

	/** The name users type: spheres, shapes, shepp-logan or virus. */
	public String userName() {
		return userName;
	}

	/**
	 * The type for a user-typed name (case-insensitive, surrounding blanks ignored; "_" is
	 * accepted for "-").
	 *
	 * @throws TomoInputException naming the valid values when {@code name} is none of them
	 */
	public static PhantomType fromName(String name) {
		String n = name == null ? "" : name.trim().toLowerCase().replace('_', '-');
		for (PhantomType t : values()) {
			if (t.userName.equals(n)) return t;
		}
		throw new TomoInputException("Unknown phantom '" + name + "': valid values are " +
			Arrays.stream(values()).map(PhantomType::userName).collect(Collectors.joining(", ")));
	}

	@Override
	public String toString() {
		return userName;
	}
}
