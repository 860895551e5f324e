-- Zone ranking and the heat grid select crime records by bounding box (lat range, then lng) in SQL.
CREATE INDEX "CrimeRecord_lat_lng_idx" ON "CrimeRecord"("lat", "lng");
