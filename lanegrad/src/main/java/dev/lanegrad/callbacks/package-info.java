/**
 * Hooks into {@code Model.fit}, as Keras 2's {@code keras/callbacks.py}: a {@link
 * dev.lanegrad.callbacks.Callback} base with no-op hooks and small built-ins ({@code
 * EarlyStopping}, {@code ModelCheckpoint}, {@code ReduceLROnPlateau}, {@code
 * LearningRateScheduler}, {@code CSVLogger}, {@code TerminateOnNaN}, {@code TensorBoard}).
 */
package dev.lanegrad.callbacks;
