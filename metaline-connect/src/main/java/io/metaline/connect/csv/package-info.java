/**
 * Import of MES and historian CSV exports into a MetaLine dataset: {@link io.metaline.connect.csv.CsvImporter} maps
 * export columns to dataset columns (with units and declared ranges), rejects bad rows with their row number, column
 * and reason, and writes the accepted rows as clean CSV for {@code POST /api/v1/datasets}
 * ({@link io.metaline.connect.csv.DatasetUploader}).
 */
package io.metaline.connect.csv;
