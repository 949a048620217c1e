package org.tomocn.cli;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tomocn.core.CancelledException;
import org.tomocn.core.TomoInputException;

/** A test fixture command for the launcher: echoes its inputs, or fails on request. */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Testing>Launcher Echo")
public class EchoCommand implements Command {
	@Parameter
	private int count;

	@Parameter(required = false)
	private double factor = 1.5;

	@Parameter(required = false)
	private boolean flag;

	@Parameter(required = false)
	private File file;

	@Parameter(required = false)
	private String fail = "";

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Override
	public void run() {
		if (fail.equals("input")) throw new TomoInputException("bad input requested");
		if (fail.equals("cancel")) throw new CancelledException();
		if (fail.equals("crash")) throw new IllegalStateException("crash requested");
		summary = count * factor + " " + flag + " " + (file == null ? "-" : file.getName());
	}
}
