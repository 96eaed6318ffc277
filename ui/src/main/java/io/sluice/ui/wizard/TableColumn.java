package io.sluice.ui.wizard;

import java.io.Serializable;

/** A column of the chosen ClickHouse table, as the api-service lists it. */
record TableColumn(String name, String type) implements Serializable {
}
