package org.tomocn.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.tomocn.cn.EngineCheck;

/** About TomoCN: its version, Java, cores and memory, and whether the network's engine works here. */
@Plugin(type = Command.class, menuPath = "Plugins>Tomography>Check Engine...", label = "About / Check Engine")
public class CheckEngineCommand extends TomoCommand {
	@Parameter(required = false)
	private LogService log;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() {
		Runtime rt = Runtime.getRuntime();
		String version = CheckEngineCommand.class.getPackage().getImplementationVersion();
		report = "TomoCN " + (version == null ? "(development build)" : version) + "\n" +
			"Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " " +
			System.getProperty("os.arch") + "\n" +
			"cores: " + rt.availableProcessors() + ", max heap: " + rt.maxMemory() / (1 << 20) + " MB\n" + EngineCheck.describe();
		if (log != null) log.info(report);
	}
}
