// Reconstructs a tilt series with TomoCN's weighted back-projection and measures the result
// against a reference, the way a Fiji user scripts it (Script Editor, language Groovy, or
// headless: ImageJ-linux64 --headless --run reconstruct_and_evaluate.groovy "tilt_series='...',...").
#@ File (label = "Tilt series (MRC)") tilt_series
#@ String (label = "Tilt angles (.tlt or min:step:max)") angles
#@ File (label = "Reference volume (MRC)") reference
#@ File (label = "Output volume (MRC)", style = "save") output
#@ CommandService command
#@output String resolution
#@output Double mfsc

import org.tomocn.command.WeightedBackProjectionCommand
import org.tomocn.io.TiltAngles
import org.tomocn.io.TomoFiles
import org.tomocn.metrics.FourierShellCorrelation
import org.tomocn.metrics.FscResult

// 1. Reconstruct through the same command the menu runs.
command.run(WeightedBackProjectionCommand, true,
	"tilt_series", tilt_series, "angles", angles, "output", output, "filter", "hamming").get()

// 2. Evaluate with TomoCN's Java API: FSC and the missing-wedge FSC against the reference.
def rec = TomoFiles.readVolume(output.toPath())
def ref = TomoFiles.readVolume(reference.toPath())
def fsc = FourierShellCorrelation.compute(rec, ref, TiltAngles.parse(angles), 2)
resolution = fsc.formatResolution(FscResult.THRESHOLD_REFERENCE)
mfsc = fsc.mfsc()
