// The create/edit wizard (io.sluice.ui.wizard). No inline scripts: the CSP forbids them.
