"""Pictures the app makes or keeps: photos re-encoded within a memory budget, QR codes and labels."""
