package org.siamage.ui.common;

import java.io.File;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Shows the platform's file and folder choosers and gives the keyboard focus back to their owner
 * window when they close, chosen or cancelled.
 *
 * <p>On Linux the choosers are GTK dialogs run by JavaFX's glass layer, not JavaFX stages, so
 * nothing in JavaFX raises and refocuses the owner when they close (a JavaFX modal stage does that
 * when it hides). Where no window manager runs (Xvfb, kiosk sessions, some remote displays), the X
 * server then reverts the keyboard focus to the root window and the owner stays unfocused: its
 * controls still take focus, but the lists of its choice and combo boxes no longer show, until the
 * window is focused again. A window manager refocuses the owner itself; asking once more is
 * harmless there.
 */
public final class NativeDialogs {
  private NativeDialogs() {}

  /** {@link FileChooser#showOpenDialog}, then the focus back to {@code owner}; null if cancelled. */
  public static File open(FileChooser chooser, Window owner) {
    return show(owner, chooser::showOpenDialog, NativeDialogs::giveFocusBack);
  }

  /** {@link FileChooser#showSaveDialog}, then the focus back to {@code owner}; null if cancelled. */
  public static File save(FileChooser chooser, Window owner) {
    return show(owner, chooser::showSaveDialog, NativeDialogs::giveFocusBack);
  }

  /** {@link DirectoryChooser#showDialog}, then the focus back to {@code owner}; null if cancelled. */
  public static File folder(DirectoryChooser chooser, Window owner) {
    return show(owner, chooser::showDialog, NativeDialogs::giveFocusBack);
  }

  /**
   * Runs {@code dialog} with {@code owner} and then hands {@code owner} to {@code focusBack}, also
   * when the dialog was cancelled (null) or threw. A null owner is passed through and not refocused.
   */
  static <T> T show(Window owner, Function<Window, T> dialog, Consumer<Window> focusBack) {
    try {
      return dialog.apply(owner);
    } finally {
      if (owner != null) {
        focusBack.accept(owner);
      }
    }
  }

  /** Asks for the focus on {@code owner} if it is still showing (the dialog ran on the FX thread). */
  static void giveFocusBack(Window owner) {
    if (owner.isShowing()) {
      owner.requestFocus();
    }
  }
}
