/**
 * Keras-style layers ({@code Dense}, {@code Sequential}) and losses, written against the public
 * face only, as a user would write them.
 */
package dev.lanegrad.nn;
