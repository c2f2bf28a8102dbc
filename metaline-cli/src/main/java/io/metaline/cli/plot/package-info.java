/** PNG charts (XChart, drawn headless): learning curves, adapted tasks against their truth. */
package io.metaline.cli.plot;
