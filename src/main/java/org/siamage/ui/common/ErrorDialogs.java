package org.siamage.ui.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import org.siamage.core.UserFacingException;

/** Shows errors as dialogs: the message for the user, the stack trace under "details". */
public final class ErrorDialogs {
  private ErrorDialogs() {}

  /** A message for the user: the exception's own message when it was written for users. */
  public static String userMessage(Throwable error) {
    Throwable cause = error;
    while (cause != null) {
      if (cause instanceof UserFacingException) {
        return cause.getMessage();
      }
      cause = cause.getCause();
    }
    String message = error.getMessage();
    return "Unexpected error: " + (message == null ? error.getClass().getSimpleName() : message)
        + "\nPlease report it with the details below.";
  }

  /** A dialog title naming the work that failed: "Failed: Loading model demo", or "Operation failed". */
  public static String failureTitle(String what) {
    return what == null || what.isBlank() ? "Operation failed" : "Failed: " + what;
  }

  public static void show(Window owner, String title, Throwable error) {
    Alert alert = new Alert(Alert.AlertType.ERROR);
    alert.initOwner(owner);
    alert.setTitle(title);
    alert.setHeaderText(title);
    alert.setContentText(userMessage(error));
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    TextArea details = new TextArea(trace.toString());
    details.setEditable(false);
    details.setPrefRowCount(14);
    alert.getDialogPane().setExpandableContent(details);
    alert.getDialogPane().setId("error-dialog");
    alert.show();
  }
}
