package org.tomocn.core;

/**
 * Bad input that the user can fix: a file that is not what it claims to be, angles that do
 * not match the projections, a parameter out of range. The message names the file (or the
 * parameter) and the problem. The launcher maps it to exit code 2.
 */
public class TomoInputException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public TomoInputException(String message) {
		super(message);
	}

	public TomoInputException(String message, Throwable cause) {
		super(message, cause);
	}
}
