/**
 * Version comparisons that stay valid when looked at after every window: always-valid confidence sequences for the
 * difference of a metric between a challenger and its champion, and the verdict they support. Pure.
 */
package dev.pqp.comparison;
