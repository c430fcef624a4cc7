<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" session="true" %>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Livelog</title>
  <link rel="stylesheet" href="assets/app.css">
  <script type="module" src="assets/app.js"></script>
</head>
<body>
  <header class="bar">
    <h1>Livelog</h1>
    <span id="status" class="status" data-state="connecting">connecting</span>
    <span id="health" class="health"></span>
    <form method="post" action="logout" class="signout"><button id="logout" type="submit">Sign out</button></form>
  </header>
  <main>
    <ol id="log" class="log" aria-live="polite"></ol>
  </main>
</body>
</html>
