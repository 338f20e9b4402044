package org.siamage.data.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;
import org.siamage.data.Gender;

/**
 * Draws one procedural face. All geometry is in unit coordinates (0..1 across the image), drawn on
 * a canvas {@value #SUPERSAMPLING}× larger than the output and box-filtered down, so thin lines
 * such as wrinkles survive as soft, learnable shading at 64×64.
 *
 * <p>Age acts on several independent cues so a small network can pick up any of them: head
 * proportions (children have a short lower face, large eyes, small nose and mouth, a round jaw),
 * wrinkles whose number and contrast grow from the twenties, hair greying from about forty, a
 * receding hairline in many older men, sagging jowls, thinner lips and age spots. Gender acts on
 * hair length, jaw width, beard and stubble, lip colour, eyelashes and eyebrow shape. Skin tone,
 * hair colour, eye colour, background, clothing, pose, lighting and sensor noise vary independently
 * as nuisances.
 *
 * <p>The draw order of random numbers is fixed, so one {@link SplittableRandom} state always gives
 * the same face on the same JDK.
 */
final class SampleFacePainter {
  static final int SUPERSAMPLING = 4;

  private static final double CENTER_X = 0.5;

  private final SplittableRandom random;
  private final boolean male;

  // Age cues in 0..1, computed from an "apparent age" that jitters around the true age.
  private final double growth;
  private final double wrinkles;

  /** Slow change of adult proportions: the nose lengthens, eyes narrow and lips thin out. */
  private final double adulthood;

  private final double greying;
  private final double sagging;
  private final double recession;
  private final double ageSpots;

  // Colours.
  private final Color skin;
  private final Color hair;
  private final Color lips;

  // Face geometry in unit coordinates.
  private final double topY;
  private final double chinY;
  private final double cheekY;
  private final double halfWidth;
  private final double jawHalfWidth;
  private final double jawCornerY;
  private final double eyeY;
  private final double eyeSpacing;
  private final double noseY;
  private final double mouthY;

  private SampleFacePainter(SplittableRandom random, int age, Gender gender) {
    this.random = random;
    this.male = gender == Gender.MALE;

    double apparentAge = Math.max(0.0, age + gaussian(2.0));
    double childhood = clamp((apparentAge - 1.0) / 17.0);
    growth = 1.0 - StrictMath.pow(1.0 - childhood, 1.6);
    wrinkles = clamp((apparentAge - 18.0) / 57.0);
    adulthood = clamp((apparentAge - 18.0) / 62.0);
    double greyOnset = 40.0 + gaussian(5.0);
    greying = clamp((apparentAge - greyOnset) / 32.0);
    sagging = clamp((apparentAge - 45.0) / 35.0);
    boolean balding = male && random.nextDouble() < 0.65;
    double baldOnset = 28.0 + random.nextDouble() * 20.0;
    recession = balding ? clamp((apparentAge - baldOnset) / 30.0) : 0.0;
    ageSpots = clamp((apparentAge - 55.0) / 25.0);

    skin = sampleSkin();
    hair = sampleHair();
    lips = sampleLips(age);

    topY = 0.10 + gaussian(0.008);
    chinY = lerp(0.80, 0.89, growth) + 0.012 * sagging + gaussian(0.008);
    cheekY = lerp(0.53, 0.50, growth);
    halfWidth = lerp(0.305, 0.275, growth) * (male ? 1.03 : 0.97) * (1.0 + gaussian(0.025));
    double jawRatio = lerp(0.80, male ? 0.80 : 0.60, growth) + gaussian(0.04);
    jawHalfWidth = halfWidth * (jawRatio + 0.12 * sagging);
    jawCornerY = chinY - lerp(0.11, 0.13, growth) + 0.02 * sagging;
    eyeY = topY + (chinY - topY) * lerp(0.57, 0.455, growth) + gaussian(0.006);
    eyeSpacing = halfWidth * (0.42 + gaussian(0.02));
    noseY = eyeY + (chinY - eyeY) * (lerp(0.40, 0.44, growth) + 0.07 * adulthood) + gaussian(0.005);
    mouthY = noseY + (chinY - noseY) * lerp(0.40, 0.36, growth) + gaussian(0.004);
  }

  /**
   * Draws the face of a person of {@code age} years.
   *
   * @param imageSize output width and height in pixels
   * @return a new {@link BufferedImage#TYPE_INT_RGB} image of imageSize × imageSize pixels
   */
  static BufferedImage paint(int imageSize, int age, Gender gender, SplittableRandom random) {
    return new SampleFacePainter(random, age, gender).paint(imageSize);
  }

  private BufferedImage paint(int imageSize) {
    int canvasSize = imageSize * SUPERSAMPLING;
    BufferedImage canvas = new BufferedImage(canvasSize, canvasSize, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = canvas.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      graphics.setRenderingHint(
          RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      graphics.scale(canvasSize, canvasSize);
      drawBackground(graphics);
      graphics.transform(samplePose());
      drawScene(graphics);
    } finally {
      graphics.dispose();
    }
    return downsampleWithLightingAndNoise(canvas, imageSize);
  }

  private AffineTransform samplePose() {
    double angle = StrictMath.toRadians(gaussian(3.5));
    double scale = 1.0 + gaussian(0.035);
    double shiftX = gaussian(0.018);
    double shiftY = gaussian(0.018);
    AffineTransform pose = new AffineTransform();
    pose.translate(CENTER_X + shiftX, 0.5 + shiftY);
    pose.rotate(angle);
    pose.scale(scale, scale);
    pose.translate(-CENTER_X, -0.5);
    return pose;
  }

  private void drawScene(Graphics2D graphics) {
    Shape face = faceOutline();
    boolean longHair = random.nextDouble() < (male ? 0.08 : 0.85);
    drawHairBehind(graphics, longHair);
    drawNeckAndClothes(graphics);
    drawEars(graphics);
    graphics.setColor(skin);
    graphics.fill(face);
    drawSkinShading(graphics, face);
    drawForeheadLines(graphics);
    drawEyes(graphics);
    drawEyebrows(graphics);
    drawNose(graphics);
    drawFolds(graphics);
    drawMouth(graphics);
    drawAgeSpots(graphics, face);
    drawFacialHair(graphics, face);
    drawHairOnTop(graphics, longHair);
  }

  // ---------------------------------------------------------------- sampling

  private Color sampleSkin() {
    double tone = random.nextDouble();
    double red = lerp(244, 112, tone) + gaussian(6);
    double green = lerp(214, 74, tone) + gaussian(6);
    double blue = lerp(192, 52, tone) + gaussian(6);
    // Old skin is a little paler and greyer.
    double fade = 0.10 * wrinkles;
    return rgb(
        lerp(red, 200, fade * 0.5), lerp(green, 185, fade * 0.5), lerp(blue, 180, fade * 0.5));
  }

  private Color sampleHair() {
    double[][] palette = {
      {28, 22, 20}, {58, 38, 26}, {92, 60, 36}, {140, 98, 58}, {196, 160, 100}, {150, 66, 34}
    };
    double[] base = palette[random.nextInt(palette.length)];
    double shade = 1.0 + gaussian(0.08);
    // Toddlers often have lighter hair that darkens while growing up.
    double childLightening = 0.25 * (1.0 - growth);
    double red = lerp(base[0] * shade, 205, childLightening);
    double green = lerp(base[1] * shade, 175, childLightening);
    double blue = lerp(base[2] * shade, 120, childLightening);
    double white = lerp(150, 235, clamp((greying - 0.4) / 0.6));
    return rgb(
        lerp(red, white, greying), lerp(green, white, greying), lerp(blue, white + 4, greying));
  }

  private Color sampleLips(int age) {
    boolean lipstick = !male && age >= 16 && random.nextDouble() < 0.55;
    if (lipstick) {
      return rgb(175 + gaussian(15), 30 + gaussian(10), 55 + gaussian(12));
    }
    double pale = 0.25 * wrinkles;
    return rgb(
        lerp(skin.getRed() * 0.82 + 30, skin.getRed(), pale),
        lerp(skin.getGreen() * 0.62, skin.getGreen() * 0.8, pale),
        lerp(skin.getBlue() * 0.65, skin.getBlue() * 0.8, pale));
  }

  // ---------------------------------------------------------------- parts

  private void drawBackground(Graphics2D graphics) {
    Color first = rgb(40 + random.nextInt(200), 40 + random.nextInt(200), 40 + random.nextInt(200));
    Color second =
        rgb(
            first.getRed() + gaussian(40),
            first.getGreen() + gaussian(40),
            first.getBlue() + gaussian(40));
    double angle = random.nextDouble() * 2.0 * Math.PI;
    float dx = (float) (0.5 * StrictMath.cos(angle));
    float dy = (float) (0.5 * StrictMath.sin(angle));
    graphics.setPaint(new GradientPaint(0.5f - dx, 0.5f - dy, first, 0.5f + dx, 0.5f + dy, second));
    graphics.fill(new Rectangle2D.Double(0, 0, 1, 1));
  }

  /** Outline of cranium, cheeks, jaw and chin, symmetric about the vertical centre line. */
  private Shape faceOutline() {
    double chinHalfWidth = jawHalfWidth * lerp(0.55, 0.35, growth);
    Path2D.Double path = new Path2D.Double();
    path.moveTo(CENTER_X, topY);
    // Right half, top to chin.
    path.curveTo(
        CENTER_X + halfWidth * 0.78, topY,
        CENTER_X + halfWidth, topY + (cheekY - topY) * 0.40,
        CENTER_X + halfWidth, cheekY);
    path.curveTo(
        CENTER_X + halfWidth, cheekY + (jawCornerY - cheekY) * 0.65,
        CENTER_X + jawHalfWidth + (halfWidth - jawHalfWidth) * 0.35, jawCornerY,
        CENTER_X + jawHalfWidth, jawCornerY + 0.01);
    path.curveTo(
        CENTER_X + jawHalfWidth * 0.80,
        chinY - 0.01,
        CENTER_X + chinHalfWidth,
        chinY,
        CENTER_X,
        chinY);
    // Left half, chin to top.
    path.curveTo(
        CENTER_X - chinHalfWidth,
        chinY,
        CENTER_X - jawHalfWidth * 0.80,
        chinY - 0.01,
        CENTER_X - jawHalfWidth,
        jawCornerY + 0.01);
    path.curveTo(
        CENTER_X - jawHalfWidth - (halfWidth - jawHalfWidth) * 0.35, jawCornerY,
        CENTER_X - halfWidth, cheekY + (jawCornerY - cheekY) * 0.65,
        CENTER_X - halfWidth, cheekY);
    path.curveTo(
        CENTER_X - halfWidth,
        topY + (cheekY - topY) * 0.40,
        CENTER_X - halfWidth * 0.78,
        topY,
        CENTER_X,
        topY);
    path.closePath();
    return path;
  }

  private void drawHairBehind(Graphics2D graphics, boolean longHair) {
    graphics.setColor(darker(hair, 0.85));
    double width = halfWidth * (longHair ? 1.30 : 1.10);
    if (longHair) {
      double bottom = lerp(0.95, 1.15, growth) + gaussian(0.05);
      Path2D.Double path = new Path2D.Double();
      path.moveTo(CENTER_X - width, bottom);
      path.lineTo(CENTER_X - width, cheekY);
      path.curveTo(
          CENTER_X - width, topY - 0.06, CENTER_X + width, topY - 0.06, CENTER_X + width, cheekY);
      path.lineTo(CENTER_X + width, bottom);
      path.closePath();
      graphics.fill(path);
    } else {
      double height = (eyeY - topY) * 2.0 + 0.06;
      graphics.fill(new Ellipse2D.Double(CENTER_X - width, topY - 0.035, 2 * width, height));
    }
  }

  private void drawNeckAndClothes(Graphics2D graphics) {
    double neckHalfWidth = halfWidth * (male ? 0.62 : 0.52);
    graphics.setColor(darker(skin, 0.82));
    graphics.fill(
        new Rectangle2D.Double(
            CENTER_X - neckHalfWidth, chinY - 0.10, 2 * neckHalfWidth, 1.2 - chinY));
    if (wrinkles > 0.4) {
      graphics.setColor(withAlpha(darker(skin, 0.6), 0.5 * (wrinkles - 0.4)));
      graphics.setStroke(new BasicStroke(0.006f));
      for (int line = 0; line < 2; line++) {
        double y = chinY + 0.03 + 0.03 * line;
        graphics.draw(
            new QuadCurve2D.Double(
                CENTER_X - neckHalfWidth * 0.7,
                y,
                CENTER_X,
                y + 0.012,
                CENTER_X + neckHalfWidth * 0.7,
                y));
      }
    }
    Color cloth = rgb(random.nextInt(230), random.nextInt(230), random.nextInt(230));
    graphics.setColor(cloth);
    double shoulderTop = chinY + 0.07 + random.nextDouble() * 0.04;
    graphics.fill(new Ellipse2D.Double(CENTER_X - 0.55, shoulderTop, 1.10, 0.6));
    graphics.setColor(darker(skin, 0.82));
    graphics.fill(
        new Ellipse2D.Double(
            CENTER_X - neckHalfWidth, shoulderTop - 0.04, 2 * neckHalfWidth, 0.10));
  }

  private void drawEars(Graphics2D graphics) {
    double earHeight = (eyeY - noseY) * -1.2 * (1.0 + 0.25 * sagging);
    double earWidth = 0.045;
    for (int side = -1; side <= 1; side += 2) {
      double x = CENTER_X + side * halfWidth * 0.98;
      graphics.setColor(darker(skin, 0.93));
      graphics.fill(
          new Ellipse2D.Double(x - earWidth / 2, eyeY - 0.01, earWidth, earHeight + 0.02));
    }
  }

  /** Soft cheek blush for children and women, and a darker shading along the jaw for contrast. */
  private void drawSkinShading(Graphics2D graphics, Shape face) {
    Shape oldClip = graphics.getClip();
    graphics.clip(face);
    double blush = (1.0 - growth) * 0.35 + (male ? 0.0 : 0.15) + gaussian(0.04);
    if (blush > 0.02) {
      graphics.setColor(withAlpha(rgb(230, 110, 110), clamp(blush)));
      for (int side = -1; side <= 1; side += 2) {
        double x = CENTER_X + side * halfWidth * 0.55;
        double y = (eyeY + mouthY) / 2.0;
        graphics.fill(new Ellipse2D.Double(x - 0.05, y - 0.03, 0.10, 0.06));
      }
    }
    graphics.setColor(withAlpha(darker(skin, 0.7), 0.25));
    graphics.setStroke(new BasicStroke(0.02f));
    graphics.draw(face);
    graphics.setClip(oldClip);
  }

  private void drawForeheadLines(Graphics2D graphics) {
    int lines = (int) StrictMath.round(wrinkles * 5.0 + gaussian(0.4));
    if (lines <= 0) {
      return;
    }
    Color line = withAlpha(darker(skin, 0.5), 0.35 + 0.6 * wrinkles);
    graphics.setColor(line);
    graphics.setStroke(
        new BasicStroke((float) (0.004 + 0.004 * wrinkles), BasicStroke.CAP_ROUND, 0));
    double browY = eyeY - 0.055;
    for (int index = 0; index < lines; index++) {
      double y = browY - 0.035 - index * 0.022 + gaussian(0.003);
      double halfLength = halfWidth * (0.55 - 0.05 * index) * (0.9 + 0.2 * random.nextDouble());
      double bend = 0.008 + gaussian(0.004);
      graphics.draw(
          new QuadCurve2D.Double(
              CENTER_X - halfLength,
              y + bend,
              CENTER_X,
              y - bend,
              CENTER_X + halfLength,
              y + bend));
    }
  }

  private void drawEyes(Graphics2D graphics) {
    double eyeWidth = lerp(0.085, 0.072, growth) * (1.0 + gaussian(0.05));
    double eyeHeight = eyeWidth * lerp(0.62, 0.48, growth) * (1.0 - 0.3 * adulthood);
    double[][] irisColours = {{70, 42, 24}, {40, 28, 20}, {70, 110, 150}, {80, 110, 70}};
    double[] irisBase = irisColours[random.nextInt(irisColours.length)];
    Color iris = rgb(irisBase[0], irisBase[1], irisBase[2]);
    double irisRadius = eyeHeight * lerp(0.60, 0.50, growth);
    double gaze = gaussian(0.006);
    for (int side = -1; side <= 1; side += 2) {
      double x = CENTER_X + side * eyeSpacing;
      Shape eye = new Ellipse2D.Double(x - eyeWidth / 2, eyeY - eyeHeight / 2, eyeWidth, eyeHeight);
      graphics.setColor(rgb(240, 238, 232));
      graphics.fill(eye);
      Shape oldClip = graphics.getClip();
      graphics.clip(eye);
      graphics.setColor(iris);
      graphics.fill(circle(x + gaze, eyeY, irisRadius));
      graphics.setColor(rgb(12, 10, 10));
      graphics.fill(circle(x + gaze, eyeY, irisRadius * 0.45));
      graphics.setClip(oldClip);
      // Upper lid: heavier with eyelashes on women, drooping with age.
      float lidWidth = (float) (male ? 0.006 : 0.010) * (float) (0.6 + 0.4 * growth);
      graphics.setColor(rgb(40, 28, 24));
      graphics.setStroke(new BasicStroke(lidWidth, BasicStroke.CAP_ROUND, 0));
      graphics.draw(
          new QuadCurve2D.Double(
              x - eyeWidth / 2,
              eyeY,
              x,
              eyeY - eyeHeight * 1.05,
              x + eyeWidth / 2,
              eyeY + eyeHeight * 0.1 * sagging));
      if (sagging > 0) {
        graphics.setColor(withAlpha(darker(skin, 0.8), 0.8 * sagging));
        graphics.setStroke(new BasicStroke(0.008f, BasicStroke.CAP_ROUND, 0));
        graphics.draw(
            new QuadCurve2D.Double(
                x - eyeWidth / 2,
                eyeY - eyeHeight * 0.55,
                x,
                eyeY - eyeHeight * 1.2,
                x + eyeWidth / 2 + 0.004,
                eyeY - eyeHeight * 0.2));
      }
      drawUnderEye(graphics, x, eyeWidth, eyeHeight);
      drawCrowsFeet(graphics, x, side, eyeWidth);
    }
  }

  private void drawUnderEye(Graphics2D graphics, double x, double eyeWidth, double eyeHeight) {
    double bags = clamp((wrinkles - 0.2) / 0.8);
    if (bags <= 0) {
      return;
    }
    graphics.setColor(withAlpha(darker(skin, 0.6), 0.15 + 0.55 * bags));
    graphics.setStroke(new BasicStroke((float) (0.004 + 0.003 * bags), BasicStroke.CAP_ROUND, 0));
    double y = eyeY + eyeHeight * 0.8;
    graphics.draw(
        new QuadCurve2D.Double(
            x - eyeWidth * 0.4, y, x, y + 0.012 + 0.01 * bags, x + eyeWidth * 0.45, y));
  }

  private void drawCrowsFeet(Graphics2D graphics, double x, int side, double eyeWidth) {
    double strength = clamp((wrinkles - 0.15) / 0.85);
    if (strength <= 0) {
      return;
    }
    int lines = 1 + (int) (strength * 3.0);
    graphics.setColor(withAlpha(darker(skin, 0.6), 0.2 + 0.6 * strength));
    graphics.setStroke(new BasicStroke(0.004f, BasicStroke.CAP_ROUND, 0));
    double startX = x + side * (eyeWidth / 2 + 0.008);
    for (int index = 0; index < lines; index++) {
      double angle = (index - (lines - 1) / 2.0) * 0.45 + gaussian(0.08);
      double length = 0.02 + 0.015 * strength;
      double endX = startX + side * length * StrictMath.cos(angle);
      double endY = eyeY + length * StrictMath.sin(angle);
      graphics.draw(new Line2D.Double(startX, eyeY, endX, endY));
    }
  }

  private void drawEyebrows(Graphics2D graphics) {
    double thickness =
        (male ? 0.016 : 0.010)
            * lerp(0.45, 1.0, growth)
            * (1.0 + 0.35 * greying * (male ? 1 : 0))
            * (1.0 + gaussian(0.12));
    double arch = male ? 0.006 + gaussian(0.003) : 0.016 + gaussian(0.004);
    double browY = eyeY - lerp(0.045, 0.050, growth) + gaussian(0.003);
    double browWidth = lerp(0.085, 0.095, growth);
    Color browColour = greying > 0.5 ? darker(hair, 0.85) : darker(hair, 0.7);
    graphics.setColor(withAlpha(browColour, lerp(0.55, 0.95, growth)));
    graphics.setStroke(new BasicStroke((float) thickness, BasicStroke.CAP_ROUND, 0));
    for (int side = -1; side <= 1; side += 2) {
      double x = CENTER_X + side * eyeSpacing;
      double inner = x - side * browWidth * 0.5;
      double outer = x + side * browWidth * 0.55;
      graphics.draw(
          new QuadCurve2D.Double(
              inner,
              browY + 0.002,
              x + side * browWidth * 0.15,
              browY - arch * 1.8,
              outer,
              browY + (male ? 0.004 : 0.010)));
    }
  }

  private void drawNose(Graphics2D graphics) {
    double noseHalfWidth =
        lerp(0.028, 0.040, growth)
            * (male ? 1.1 : 0.95)
            * (1.0 + gaussian(0.08))
            * (1.0 + 0.1 * sagging);
    Color shadow = darker(skin, 0.72);
    graphics.setColor(withAlpha(shadow, 0.5));
    graphics.setStroke(new BasicStroke(0.006f, BasicStroke.CAP_ROUND, 0));
    // Side of the nose bridge, lit from one side.
    int lit = random.nextBoolean() ? 1 : -1;
    double bridgeX = CENTER_X + lit * noseHalfWidth * 0.45;
    graphics.draw(
        new QuadCurve2D.Double(
            bridgeX,
            eyeY + 0.02,
            bridgeX + lit * 0.004,
            (eyeY + noseY) / 2,
            bridgeX + lit * noseHalfWidth * 0.6,
            noseY - 0.01));
    graphics.setColor(withAlpha(shadow, 0.75));
    graphics.setStroke(new BasicStroke(0.007f, BasicStroke.CAP_ROUND, 0));
    graphics.draw(
        new QuadCurve2D.Double(
            CENTER_X - noseHalfWidth,
            noseY - 0.006,
            CENTER_X,
            noseY + 0.016,
            CENTER_X + noseHalfWidth,
            noseY - 0.006));
    graphics.setColor(darker(skin, 0.45));
    for (int side = -1; side <= 1; side += 2) {
      double x = CENTER_X + side * noseHalfWidth * 0.45;
      graphics.fill(new Ellipse2D.Double(x - 0.009, noseY - 0.004, 0.018, 0.009));
    }
  }

  /** Nasolabial folds from the twenties on, marionette lines later. */
  private void drawFolds(Graphics2D graphics) {
    double folds = wrinkles;
    if (folds <= 0) {
      return;
    }
    graphics.setColor(withAlpha(darker(skin, 0.55), 0.25 + 0.7 * folds));
    graphics.setStroke(new BasicStroke((float) (0.004 + 0.006 * folds), BasicStroke.CAP_ROUND, 0));
    double mouthHalfWidth = mouthHalfWidth();
    for (int side = -1; side <= 1; side += 2) {
      double startX = CENTER_X + side * 0.05;
      double endX = CENTER_X + side * (mouthHalfWidth + 0.015);
      graphics.draw(
          new QuadCurve2D.Double(
              startX,
              noseY - 0.012,
              startX + side * 0.03,
              mouthY - 0.02,
              endX,
              mouthY + 0.005 + 0.02 * sagging));
      if (sagging > 0.15) {
        double marionette = clamp((sagging - 0.15) / 0.85);
        graphics.setColor(withAlpha(darker(skin, 0.6), 0.2 + 0.6 * marionette));
        graphics.draw(
            new QuadCurve2D.Double(
                endX - side * 0.006,
                mouthY + 0.012,
                endX + side * 0.004,
                mouthY + 0.03,
                endX + side * 0.01,
                mouthY + 0.03 + 0.04 * marionette));
        graphics.setColor(withAlpha(darker(skin, 0.55), 0.25 + 0.7 * folds));
      }
    }
  }

  private double mouthHalfWidth() {
    return lerp(0.045, 0.068, growth) * (male ? 1.05 : 1.0);
  }

  private void drawMouth(Graphics2D graphics) {
    double mouthHalfWidth = mouthHalfWidth() * (1.0 + gaussian(0.06));
    double lipThickness =
        (male ? 0.014 : 0.021)
            * lerp(0.8, 1.0, growth)
            * (1.0 - 0.5 * adulthood)
            * (1.0 + gaussian(0.1));
    double smile = gaussian(0.008) - 0.01 * sagging;
    double cornerY = mouthY - smile;
    Path2D.Double upper = new Path2D.Double();
    upper.moveTo(CENTER_X - mouthHalfWidth, cornerY);
    upper.curveTo(
        CENTER_X - mouthHalfWidth * 0.5,
        mouthY - lipThickness * 1.0,
        CENTER_X - mouthHalfWidth * 0.15,
        mouthY - lipThickness * 1.1,
        CENTER_X,
        mouthY - lipThickness * 0.8);
    upper.curveTo(
        CENTER_X + mouthHalfWidth * 0.15, mouthY - lipThickness * 1.1,
        CENTER_X + mouthHalfWidth * 0.5, mouthY - lipThickness * 1.0,
        CENTER_X + mouthHalfWidth, cornerY);
    upper.quadTo(CENTER_X, mouthY + 0.004, CENTER_X - mouthHalfWidth, cornerY);
    upper.closePath();
    Path2D.Double lower = new Path2D.Double();
    lower.moveTo(CENTER_X - mouthHalfWidth, cornerY);
    lower.quadTo(CENTER_X, mouthY + 0.004, CENTER_X + mouthHalfWidth, cornerY);
    lower.curveTo(
        CENTER_X + mouthHalfWidth * 0.6,
        mouthY + lipThickness * 1.5,
        CENTER_X - mouthHalfWidth * 0.6,
        mouthY + lipThickness * 1.5,
        CENTER_X - mouthHalfWidth,
        cornerY);
    lower.closePath();
    graphics.setColor(lips);
    graphics.fill(upper);
    graphics.fill(lower);
    graphics.setColor(darker(lips, 0.45));
    graphics.setStroke(new BasicStroke(0.005f, BasicStroke.CAP_ROUND, 0));
    graphics.draw(
        new QuadCurve2D.Double(
            CENTER_X - mouthHalfWidth,
            cornerY,
            CENTER_X,
            mouthY + 0.004,
            CENTER_X + mouthHalfWidth,
            cornerY));
  }

  private void drawAgeSpots(Graphics2D graphics, Shape face) {
    int spots = (int) (ageSpots * 6.0 + random.nextDouble() * ageSpots * 3.0);
    if (spots == 0) {
      return;
    }
    Shape oldClip = graphics.getClip();
    graphics.clip(face);
    graphics.setColor(withAlpha(rgb(120, 80, 50), 0.35));
    for (int spot = 0; spot < spots; spot++) {
      double x = CENTER_X + (random.nextDouble() * 2 - 1) * halfWidth * 0.85;
      double y = topY + 0.05 + random.nextDouble() * (chinY - topY - 0.1);
      double radius = 0.006 + random.nextDouble() * 0.008;
      graphics.fill(circle(x, y, radius));
    }
    graphics.setClip(oldClip);
  }

  private void drawFacialHair(Graphics2D graphics, Shape face) {
    double maturity = clamp((growth - 0.85) / 0.15);
    if (!male || maturity <= 0) {
      return;
    }
    double choice = random.nextDouble();
    Shape oldClip = graphics.getClip();
    graphics.clip(face);
    Area lowerFace = new Area(new Rectangle2D.Double(0, noseY + 0.012, 1, 1));
    lowerFace.subtract(
        new Area(
            new Ellipse2D.Double(
                CENTER_X - halfWidth * 0.98 + 0.04,
                noseY - 0.06,
                2 * (halfWidth * 0.98 - 0.04),
                (mouthY - noseY) * 1.3 + 0.06)));
    Area mouthArea =
        new Area(
            new Ellipse2D.Double(
                CENTER_X - mouthHalfWidth() - 0.004,
                mouthY - 0.03,
                2 * mouthHalfWidth() + 0.008,
                0.05));
    if (choice < 0.22) {
      // Full beard with moustache.
      Area beard = new Area(lowerFace);
      beard.add(
          new Area(
              new Ellipse2D.Double(
                  CENTER_X - mouthHalfWidth() - 0.02,
                  noseY + 0.012,
                  2 * mouthHalfWidth() + 0.04,
                  mouthY - noseY + 0.01)));
      beard.subtract(mouthArea);
      graphics.setColor(withAlpha(darker(hair, 0.92), 0.92 * maturity));
      graphics.fill(beard);
    } else if (choice < 0.60) {
      // Stubble: a tinted shadow with a speckle of hairs.
      Area stubble = new Area(lowerFace);
      stubble.add(
          new Area(
              new Ellipse2D.Double(
                  CENTER_X - mouthHalfWidth() - 0.015,
                  noseY + 0.014,
                  2 * mouthHalfWidth() + 0.03,
                  mouthY - noseY)));
      stubble.subtract(mouthArea);
      graphics.setColor(withAlpha(darker(hair, 0.8), 0.38 * maturity));
      graphics.fill(stubble);
      graphics.clip(stubble);
      graphics.setColor(withAlpha(darker(hair, 0.6), 0.6 * maturity));
      for (int dot = 0; dot < 90; dot++) {
        double x = CENTER_X + (random.nextDouble() * 2 - 1) * halfWidth;
        double y = noseY + random.nextDouble() * (chinY - noseY + 0.01);
        graphics.fill(circle(x, y, 0.0035));
      }
    } else if (choice < 0.72) {
      // Moustache only.
      graphics.setColor(withAlpha(darker(hair, 0.9), 0.9 * maturity));
      graphics.setStroke(new BasicStroke(0.016f, BasicStroke.CAP_ROUND, 0));
      double y = (noseY + mouthY) / 2 + 0.006;
      graphics.draw(
          new QuadCurve2D.Double(
              CENTER_X - mouthHalfWidth() - 0.004,
              mouthY - 0.004,
              CENTER_X,
              y - 0.018,
              CENTER_X + mouthHalfWidth() + 0.004,
              mouthY - 0.004));
    }
    graphics.setClip(oldClip);
  }

  private void drawHairOnTop(Graphics2D graphics, boolean longHair) {
    double crownWidth = halfWidth * 1.08;
    double hairlineY =
        topY + (eyeY - topY) * lerp(0.30, 0.36, growth) + gaussian(0.012) + 0.10 * recession;
    boolean fringe = !male && random.nextDouble() < 0.35;
    if (fringe) {
      hairlineY = eyeY - 0.09 + gaussian(0.01);
    }
    double templeRecession = 0.07 * recession;
    double thinning = clamp((recession - 0.35) / 0.65);

    Area cap =
        new Area(
            new Ellipse2D.Double(
                CENTER_X - crownWidth, topY - 0.05, 2 * crownWidth, (eyeY - topY) * 2.0 + 0.1));
    Path2D.Double belowHairline = new Path2D.Double();
    double sideX = crownWidth + 0.05;
    double sideLine = longHair ? cheekY + 0.04 : eyeY - 0.01;
    belowHairline.moveTo(CENTER_X - sideX, sideLine);
    belowHairline.lineTo(CENTER_X - halfWidth * 0.88, sideLine);
    belowHairline.quadTo(
        CENTER_X - halfWidth * 0.92,
        (sideLine + hairlineY) / 2,
        CENTER_X - halfWidth * 0.78,
        hairlineY + 0.02 - templeRecession);
    belowHairline.curveTo(
        CENTER_X - halfWidth * 0.5,
        hairlineY - templeRecession * 1.2,
        CENTER_X - halfWidth * 0.3,
        hairlineY + 0.01 * (1 - recession),
        CENTER_X,
        hairlineY);
    belowHairline.curveTo(
        CENTER_X + halfWidth * 0.3, hairlineY + 0.01 * (1 - recession),
        CENTER_X + halfWidth * 0.5, hairlineY - templeRecession * 1.2,
        CENTER_X + halfWidth * 0.78, hairlineY + 0.02 - templeRecession);
    belowHairline.quadTo(
        CENTER_X + halfWidth * 0.92,
        (sideLine + hairlineY) / 2,
        CENTER_X + halfWidth * 0.88,
        sideLine);
    belowHairline.lineTo(CENTER_X + sideX, sideLine);
    belowHairline.lineTo(CENTER_X + sideX, 1.5);
    belowHairline.lineTo(CENTER_X - sideX, 1.5);
    belowHairline.closePath();
    cap.subtract(new Area(belowHairline));

    // Balding men keep the hair on the sides and lose it on top.
    Area top = new Area(cap);
    Area sides = new Area(cap);
    Area crownPatch =
        new Area(
            new Ellipse2D.Double(
                CENTER_X - halfWidth * 0.72,
                topY - 0.08,
                2 * halfWidth * 0.72,
                (eyeY - topY) * 0.95 + 0.08));
    top.intersect(crownPatch);
    sides.subtract(crownPatch);
    graphics.setColor(hair);
    graphics.fill(sides);
    graphics.setColor(withAlpha(hair, 1.0 - 0.9 * thinning));
    graphics.fill(top);

    drawHairStrands(graphics, cap, thinning);
  }

  /** Strands add texture, and in greying hair a salt-and-pepper mix of dark and white strands. */
  private void drawHairStrands(Graphics2D graphics, Shape cap, double thinning) {
    Shape oldClip = graphics.getClip();
    graphics.clip(cap);
    graphics.setStroke(new BasicStroke(0.005f, BasicStroke.CAP_ROUND, 0));
    Color dark = darker(hair, 0.7);
    Color light = rgb(hair.getRed() + 40, hair.getGreen() + 40, hair.getBlue() + 40);
    Color white = rgb(238, 238, 240);
    int strands = 40;
    for (int strand = 0; strand < strands; strand++) {
      double x = CENTER_X + (random.nextDouble() * 2 - 1) * halfWidth * 1.05;
      double y = topY - 0.03 + random.nextDouble() * (eyeY - topY);
      double pick = random.nextDouble();
      Color colour = pick < 0.45 * greying ? white : (pick < 0.7 ? dark : light);
      graphics.setColor(withAlpha(colour, 0.6 * (1.0 - 0.8 * thinning)));
      double direction = x < CENTER_X ? -1 : 1;
      graphics.draw(
          new QuadCurve2D.Double(
              x, y, x + direction * 0.03, y + 0.02, x + direction * 0.04, y + 0.06));
    }
    graphics.setClip(oldClip);
  }

  // ---------------------------------------------------------------- output

  /**
   * Box-filters the supersampled canvas to the output size, then applies a linear lighting gradient
   * and Gaussian sensor noise, both drawn from this face's random stream.
   */
  private BufferedImage downsampleWithLightingAndNoise(BufferedImage canvas, int imageSize) {
    double lightAngle = random.nextDouble() * 2.0 * Math.PI;
    double lightStrength = 0.05 + random.nextDouble() * 0.15;
    double lightX = StrictMath.cos(lightAngle) * lightStrength;
    double lightY = StrictMath.sin(lightAngle) * lightStrength;
    double brightness = 1.0 + gaussian(0.06);
    double noiseSigma = 1.5 + random.nextDouble() * 2.5;
    BufferedImage output = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
    // TYPE_INT_RGB stores one 0xRRGGBB int per pixel; reading the array directly is much faster
    // than getRGB and gives the same values.
    int[] canvasPixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    int canvasSize = canvas.getWidth();
    int[] outputPixels = ((DataBufferInt) output.getRaster().getDataBuffer()).getData();
    int samples = SUPERSAMPLING * SUPERSAMPLING;
    for (int y = 0; y < imageSize; y++) {
      for (int x = 0; x < imageSize; x++) {
        int red = 0;
        int green = 0;
        int blue = 0;
        for (int row = 0; row < SUPERSAMPLING; row++) {
          int offset = (y * SUPERSAMPLING + row) * canvasSize + x * SUPERSAMPLING;
          for (int column = 0; column < SUPERSAMPLING; column++) {
            int pixel = canvasPixels[offset + column];
            red += (pixel >> 16) & 0xff;
            green += (pixel >> 8) & 0xff;
            blue += pixel & 0xff;
          }
        }
        double u = (x + 0.5) / imageSize - 0.5;
        double v = (y + 0.5) / imageSize - 0.5;
        double light = brightness * (1.0 + 2.0 * (u * lightX + v * lightY));
        int outRed = channel((double) red / samples * light + gaussian(noiseSigma));
        int outGreen = channel((double) green / samples * light + gaussian(noiseSigma));
        int outBlue = channel((double) blue / samples * light + gaussian(noiseSigma));
        outputPixels[y * imageSize + x] = (outRed << 16) | (outGreen << 8) | outBlue;
      }
    }
    return output;
  }

  // ---------------------------------------------------------------- helpers

  /** Normal deviate by Box-Muller with StrictMath, so it is identical on every JVM. */
  private double gaussian(double sigma) {
    double first = 1.0 - random.nextDouble();
    double second = random.nextDouble();
    return sigma
        * StrictMath.sqrt(-2.0 * StrictMath.log(first))
        * StrictMath.cos(2.0 * Math.PI * second);
  }

  private static Shape circle(double x, double y, double radius) {
    return new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius);
  }

  private static int channel(double value) {
    return (int) Math.max(0, Math.min(255, StrictMath.round(value)));
  }

  private static Color rgb(double red, double green, double blue) {
    return new Color(channel(red), channel(green), channel(blue));
  }

  private static Color darker(Color colour, double factor) {
    return rgb(colour.getRed() * factor, colour.getGreen() * factor, colour.getBlue() * factor);
  }

  private static Color withAlpha(Color colour, double alpha) {
    return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), channel(alpha * 255));
  }

  private static double clamp(double value) {
    return Math.max(0.0, Math.min(1.0, value));
  }

  private static double lerp(double from, double to, double fraction) {
    return from + (to - from) * fraction;
  }
}
